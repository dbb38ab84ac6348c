"""The sustainable-integration pathway for persons with disabilities (job seekers or
workers): registration in the chat, with the care that health data demands, and its
follow-up by pathway officers.

- content.py: the pathway's modules, its target and the support-need categories;
- registrations.py: validating and storing a registration, status and module, progress
  towards the target, retention (``python -m core.pathway purge``);
- questionnaire.py: the registration in the chat (sealed: health data);
- keeper.py: what it keeps about a person, and what a counsellor may see;
- figures.py: what the staff dashboard counts (progress towards the target week by week,
  registrations by situation and status, the anonymous tallies of deleted ones);
- texts.py, models.py: its texts and tables (health fields encrypted at rest).
"""

from core.pathway.keeper import PathwayKeeper
from core.pathway.questionnaire import REGISTRATION, PathwayRegistrationQuestionnaire

__all__ = ["REGISTRATION", "PathwayKeeper", "PathwayRegistrationQuestionnaire"]
