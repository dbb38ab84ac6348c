"""The texts of childcare booking, managing bookings, and the messages not asked for."""

from core.i18n import N_, Texts

TEXTS = Texts({
    "intro": N_(
        "The Maisons d'enfants of Actiris look after children under 3 while you start a job "
        "or a training, or go to a job interview. I will ask a few questions. "
        "You can write \"stop\" at any time."
    ),
    "registered": N_("Are you registered as a job seeker at Actiris?"),
    "reason": N_("Why do you need childcare?"),
    "reason_job_start": N_("A new job"),
    "reason_training": N_("A training"),
    "reason_interview": N_("A job interview"),
    "reason_other": N_("Something else"),
    "child_name": N_("What is your child's first name? A nickname is fine too."),
    "child_name_invalid": N_("Please write only a first name or a nickname, for example: Lina."),
    "birth": N_("When was {name} born? For example: 14/03/2025."),
    "birth_invalid": N_("I did not understand this date. Please write it like this: 14/03/2025."),
    "birth_future": N_("This date is in the future. Please write the date of birth, for example: 14/03/2025."),
    "site": N_("Which Maison d'enfants suits you best?"),
    "site_any": N_("No preference"),
    "interview_day": N_("On which day is the interview? For example: next Tuesday, or 15/12."),
    "half": N_("In the morning or in the afternoon?"),
    "morning": N_("Morning"),
    "afternoon": N_("Afternoon"),
    "first_day": N_("From which day do you need childcare? For example: next Monday, or 15/12."),
    "last_day": N_("Until which day? For example: 19/12."),
    "only_that_day": N_("Only that day"),
    "date_invalid": N_("I did not understand this date. Write for example: next Monday, or 15/12."),
    "date_echo": N_("OK: {date}."),
    "date_past": N_("{date} is in the past. Please choose a day from today."),
    "date_closed": N_("The Maison d'enfants is closed on {date}. Please choose another day."),
    "date_too_far": N_(
        "{date} is too far away: you can book up to {days} days ahead. Please choose an earlier day."
    ),
    "date_order": N_("The last day must be after the first day ({date}). Please choose another day."),
    "date_too_long": N_("A booking can last {days} days at most. Please choose an earlier last day."),
    "actiris_number": N_("If you have it, write your Actiris number. Or press \"Skip\"."),
    "actiris_number_invalid": N_(
        "An Actiris number has only digits, for example 1234567. Write it again, or press \"Skip\"."
    ),
    "summary": N_("Please check:"),
    "summary_child": N_("Child: {name}, born on {date}"),
    "summary_reason": N_("Reason: {reason}"),
    "summary_site": N_("Place: {site}"),
    "summary_site_any": N_("Place: the first Maison d'enfants with a free place"),
    "summary_days": N_("Days: from {first} to {last}"),
    "summary_day": N_("Day: {day}"),
    "summary_half_day": N_("Day: {day}, {half}"),
    "confirm": N_("Shall I book this?"),
    "b_book": N_("Yes, book it"),
    "b_no_cancel": N_("No, cancel"),
    "booked": N_(
        "It is booked. Your reference is {reference}. {name} is expected at {site}, {address}, "
        "from {opens} to {closes}."
    ),
    "booked_reminder": N_("I will send you a reminder the day before."),
    "full": N_("Sorry, there is no place left on {date} at {site}."),
    "full_options": N_("You can choose another day or another Maison d'enfants, or join the waiting list."),
    "b_waiting_list": N_("Waiting list"),
    "b_start_on": N_("From {date}"),
    "waiting_joined": N_(
        "You are on the waiting list. I will tell you here as soon as a place frees up."
    ),
    "not_registered": N_(
        "The Maisons d'enfants are for job seekers registered at Actiris. "
        "A counsellor can help you register, and your commune's childcare service can help too."
    ),
    "too_old": N_(
        "The Maisons d'enfants look after children under 3. On {date}, {name} will be 3 or older. "
        "Your commune's childcare service or a counsellor can help you."
    ),
    "too_far_first": N_(
        "You can book up to {days} days ahead. A counsellor can help you plan further ahead."
    ),
    "too_many": N_("You already have {count} childcare bookings to come: that is the most at once. To book "
                   "other days, first change or cancel one in “My bookings”, or ask a counsellor."),
    "stopped": N_("OK, I did not book anything. What else can I do for you?"),
    "cancelled_request": N_("OK, I did not book anything."),
    "b_my_bookings": N_("My bookings"),
    "b_book_childcare": N_("Book childcare"),
    "no_bookings": N_("You have no childcare booking."),
    "bookings_title": N_("Your bookings:"),
    "booking_line": N_("{reference}: {name}, {days}, {site}"),
    "b_cancel_reference": N_("Cancel {reference}"),
    "cancel_confirm": N_("Do you want to cancel booking {reference} ({name}, {days})?"),
    "b_yes_cancel": N_("Yes, cancel it"),
    "b_keep": N_("No, keep it"),
    "cancelled": N_("Booking {reference} is cancelled. The place goes to someone else."),
    "kept": N_("OK, booking {reference} stays as it is."),
    "booking_unknown": N_("I cannot find this booking. Here are your bookings."),
    "booking_gone": N_("This booking does not exist any more."),
    "b_change_reference": N_("Change {reference}"),
    "change_intro": N_(
        "Booking {reference} is for {name}, {days}. Let us choose the new days. "
        "You can write \"stop\" at any time: the booking then stays as it is."
    ),
    "change_confirm": N_("Move booking {reference} to: {days}?"),
    "b_yes_change": N_("Yes, change it"),
    "b_keep_as_is": N_("Keep my booking"),
    "change_full_options": N_(
        "Your booking stays as it is for now. You can choose another start day, or keep your booking."
    ),
    "changed": N_("Booking {reference} is changed."),
    "change_not_possible": N_(
        "I cannot move booking {reference} to these days, so it stays as it is. A counsellor can help you."
    ),
    "change_started": N_(
        "Booking {reference} has already begun, so I cannot change its days here. A counsellor can help you."
    ),
    "reminder": N_(
        "Reminder: tomorrow, {day}, {name} is expected at {site}, {address}, from {opens}. "
        "Your reference is {reference}."
    ),
    "reminder_site_unknown": N_(
        "Reminder: tomorrow, {day}, {name} is expected at the childcare. Your reference is {reference}. "
        "Ask a counsellor where if you are not sure."
    ),
    "place_free": N_(
        "Good news: a place is free again at {site} on {day}. "
        "To book it, press the button. The first person to book gets it."
    ),
    "staff_cancelled": N_(
        "The Maison d'enfants had to cancel your booking {reference} ({days}). "
        "The reason: {reason} A counsellor can help you find another solution."
    ),
    "see_booking": N_("Childcare booking {reference}: {name}, {days}, {site}."),
    "see_waiting": N_("Places asked on a childcare waiting list: {count}."),
    # for a counsellor taking over the conversation
    "counsellor_waiting": N_("On the childcare waiting list for {count} places."),
})
