"""A person's data: "my data" shows everything the assistant keeps about them, and erases
it all after a confirmation. It asks every keeper of ``core.capabilities`` and keeps
nothing itself.

- rights.py: see and erase, and what a typed request asks for;
- retention.py: nothing kept forever (``python -m core.privacy purge``), and trackers.py:
  Rasa's trackers of quiet conversations;
- texts.py: its texts.
"""

from core.privacy.retention import purge
from core.privacy.rights import asked_for, erase, summary

__all__ = ["asked_for", "erase", "purge", "summary"]
