"""Childcare at the Maisons d'enfants d'Actiris for a job seeker who starts a job or a
training, or has a job interview.

- content.py: the sites, their days, hours and places (content/childcare.yml);
- rules.py: eligibility, dates in the person's words, places without overbooking, the
  waiting list, changes and cancellations;
- questionnaire.py: booking (or moving a booking) in the chat;
- bookings.py: the person's list of bookings, cancelling, starting a change;
- notices.py, reminders.py: reminders, freed places and staff cancellations, told on the
  person's channel;
- attendance.py: what staff record about the days held (a child who did not come);
- figures.py: what the staff dashboard counts (places, bookings, waits, cancellations);
- wording.py: days and sites in words; keeper.py: what it keeps about a person;
- texts.py, models.py: its texts and tables.
"""

from core.childcare.keeper import ChildcareKeeper
from core.childcare.questionnaire import BOOKING, ChildcareBookingQuestionnaire, too_many_message
from core.childcare.rules import too_many_bookings

__all__ = ["BOOKING", "ChildcareBookingQuestionnaire", "ChildcareKeeper", "too_many_bookings", "too_many_message"]
