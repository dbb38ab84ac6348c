"""A person reaches a counsellor in the same chat.

- rules.py: the handover as a state of the conversation (bot → queued → human → closed →
  bot), the queue, accepting (one counsellor only), messages both ways, transfer, closing,
  the timeouts; content.py: the offices and their hours (content/offices.yml, Belgian
  public holidays);
- questionnaire.py: outside opening hours, a message or a number to call back;
- texts.py, models.py, keeper.py: its texts, its table, what it keeps about a person.
"""

from core.handover.keeper import HandoverKeeper
from core.handover.questionnaire import REQUEST, CounsellorRequest

__all__ = ["REQUEST", "CounsellorRequest", "HandoverKeeper"]
