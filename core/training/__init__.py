"""Training suggestions: the module catalogue, how modules are ranked for a person, and
the training search in the chat.

- content.py: the catalogue file (content/modules.yml), validated;
- catalogue.py: the catalogue in the database, managed by staff, and the modules suggested
  and opened (training events, which say nothing of who);
- ranking.py: which modules fit a person, and why (pure functions);
- questionnaire.py: the search in the chat, three suggestions at a time, details;
- keeper.py: what it tells a counsellor;
- figures.py: what the skills dashboard counts of them, in SQL (the trainings most suggested
  and opened);
- texts.py, models.py: its texts and table.
"""

from core.training.keeper import TrainingKeeper
from core.training.questionnaire import SEARCH, TrainingSearch

__all__ = ["SEARCH", "TrainingKeeper", "TrainingSearch"]
