"""Booking childcare in the chat: the questions, the summary, the booking, and managing it.

Runs in the same form as the other questionnaires (core/flows.py dispatches here for the
flow "childcare"). Dates are read in the person's words and echoed back formatted by
Babel; past days, closed days and days beyond the booking window are asked again with
the reason. Nothing is booked before an explicit yes.
"""

import re
from datetime import date, timedelta

from babel.dates import format_date
from sqlalchemy.orm import Session

from core import childcare, content
from core.flows import Reask, is_name
from core.i18n import BABEL_LOCALES, LANGUAGES, normalise_language, translate
from core.messages import B_HUMAN, CHILDCARE_TEXTS, intent
from core.models import ChildcareBooking

REASON_KEYS = {r: f"reason_{r}" for r in childcare.REASONS}


def c(language: str, key: str, /, **arguments) -> str:
    text = translate(language, CHILDCARE_TEXTS[key])
    return text.format(**arguments) if arguments else text


def labels(key: str) -> list[str]:
    return [translate(lang, CHILDCARE_TEXTS[key]) for lang in LANGUAGES]


def day_text(day: date, language: str) -> str:
    """"lundi 1 décembre 2026", "maandag 1 december 2026", "Monday 1 December 2026"."""
    return format_date(day, format="EEEE d MMMM y", locale=BABEL_LOCALES[normalise_language(language)])


def short_day(day: date, language: str) -> str:
    return format_date(day, format="EEE d MMM", locale=BABEL_LOCALES[normalise_language(language)])


def today() -> date:
    return date.today()


def new_state() -> dict:
    return {"status": "asking", "failures": 0, "registered": None, "reason": None,
            "child_name": None, "birth": None, "site": None, "first_day": None, "last_day": None,
            "half": None, "actiris_number": None, "actiris_asked": False,
            "full": None, "result": None, "booking_id": None}


def is_change(state: dict) -> bool:
    """The questionnaire moves an existing booking instead of making a new one."""
    return state.get("mode") == "change"


def change_state(booking: ChildcareBooking) -> dict:
    """Only the new days are asked: the rest is the booking's."""
    return new_state() | {
        "mode": "change", "reference": booking.reference, "booking_id": booking.id,
        "registered": True, "reason": booking.reason, "child_name": booking.child_name,
        "birth": booking.child_birth_date.isoformat(), "site": booking.site, "actiris_asked": True}


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# --- which question -------------------------------------------------------------------------------


FINAL_QUESTIONS = ("confirm", "change_confirm", "full_choice")


def question(state: dict) -> str | None:
    if state["status"] != "asking":
        return None
    if state["full"]:
        return "full_choice"
    if state["registered"] is None:
        return "registered"
    for key in ("reason", "child_name", "birth", "site"):
        if state[key] is None:
            return key
    if state["first_day"] is None:
        return "interview_day" if state["reason"] == "interview" else "first_day"
    if state["reason"] == "interview":
        if state["half"] is None:
            return "half"
    elif state["last_day"] is None:
        return "last_day"
    if not state["actiris_asked"]:
        return "actiris_number"
    return "change_confirm" if is_change(state) else "confirm"


def choices(q: str, state: dict) -> list[tuple[str, list[str]]]:
    from core.flows import _labels

    data = content.childcare()
    if q == "registered":
        return [("yes", _labels("b_yes")), ("no", _labels("b_no"))]
    if q == "reason":
        return [(r, labels(REASON_KEYS[r])) for r in childcare.REASONS]
    if q == "site":
        return [(key, [site.commune] + [site.name.get(lang) for lang in LANGUAGES])
                for key, site in data.sites.items()] + [("any", labels("site_any"))]
    if q == "half":
        return [("am", labels("morning")), ("pm", labels("afternoon"))]
    if q == "last_day":
        return [("same", labels("only_that_day"))]
    if q == "actiris_number":
        return [("skip", _labels("b_skip"))]
    if q == "confirm":
        return [("yes", labels("b_book")), ("no", labels("b_no_cancel"))]
    if q == "change_confirm":
        return [("yes", labels("b_yes_change")), ("no", labels("b_keep_as_is"))]
    if q == "full_choice":
        options = [(o, [o]) for o in state["full"]["options"]]
        if is_change(state):
            return options + [("no", labels("b_keep_as_is"))]
        return options + [("waiting", labels("b_waiting_list")), ("no", labels("b_no_cancel"))]
    return []


def site_name(key: str | None, language: str) -> str:
    data = content.childcare()
    return data.sites[key].name.get(language) if key in data.sites else c(language, "site_any")


def prompt(q: str, state: dict, language: str) -> tuple[str, list[tuple[str, str]]]:
    """(text, [(title, value)]) for question ``q``."""
    from core.flows import t

    data = content.childcare()
    if q == "registered":
        return c(language, "registered"), [(t(language, "b_yes"), "yes"), (t(language, "b_no"), "no")]
    if q == "reason":
        return c(language, "reason"), [(c(language, REASON_KEYS[r]), r) for r in childcare.REASONS]
    if q == "child_name":
        return c(language, "child_name"), []
    if q == "birth":
        return c(language, "birth", name=state["child_name"]), []
    if q == "site":
        return c(language, "site"), [(site.commune, key) for key, site in data.sites.items()] + [
            (c(language, "site_any"), "any")]
    if q == "interview_day":
        return c(language, "interview_day"), []
    if q == "half":
        return c(language, "half"), [(c(language, "morning"), "am"), (c(language, "afternoon"), "pm")]
    if q == "first_day":
        return c(language, "first_day"), []
    if q == "last_day":
        return c(language, "last_day"), [(c(language, "only_that_day"), "same")]
    if q == "actiris_number":
        return c(language, "actiris_number"), [(t(language, "b_skip"), "skip")]
    if q == "confirm":
        return "\n".join([summary(state, language), c(language, "confirm")]), [
            (c(language, "b_book"), "yes"), (c(language, "b_no_cancel"), "no")]
    if q == "change_confirm":
        return c(language, "change_confirm", reference=state["reference"],
                 days=_days_of(state, language)), [
            (c(language, "b_yes_change"), "yes"), (c(language, "b_keep_as_is"), "no")]
    # full_choice
    full = state["full"]
    lines = [c(language, "full", date=day_text(_d(full["date"]), language),
               site=site_name(full["site"], language)),
             c(language, "change_full_options" if is_change(state) else "full_options")]
    buttons = []
    for option in full["options"]:
        kind, value = option.split(":", 1)
        if kind == "date":
            buttons.append((c(language, "b_start_on", date=short_day(_d(value), language)), option))
        else:
            buttons.append((data.sites[value].commune, option))
    if is_change(state):
        buttons.append((c(language, "b_keep_as_is"), "no"))
    else:
        buttons += [(c(language, "b_waiting_list"), "waiting"), (c(language, "b_no_cancel"), "no")]
    return "\n".join(lines), buttons


def when(first: date, last: date, half: str | None, language: str) -> str:
    """"Day: …", "Day: …, morning" or "Days: from … to …"."""
    if half:
        part = c(language, "morning" if half == "am" else "afternoon").lower()
        return c(language, "summary_half_day", day=day_text(first, language), half=part)
    if first == last:
        return c(language, "summary_day", day=day_text(first, language))
    return c(language, "summary_days", first=day_text(first, language), last=day_text(last, language))


def _days_only(text: str) -> str:
    """"from … to …" out of "Days: from … to …"."""
    return text.split(": ", 1)[-1]


def _days_of(state: dict, language: str) -> str:
    return _days_only(when(_d(state["first_day"]), _d(state["last_day"]), state["half"], language))


def booking_days(booking: ChildcareBooking, language: str) -> str:
    """A booking's days, without the "Days:" label."""
    return _days_only(days_text(booking, language))


def summary(state: dict, language: str) -> str:
    lines = [c(language, "summary"),
             "• " + c(language, "summary_child", name=state["child_name"],
                      date=day_text(_d(state["birth"]), language)),
             "• " + c(language, "summary_reason", reason=c(language, REASON_KEYS[state["reason"]]))]
    if state["site"] == "any":
        lines.append("• " + c(language, "summary_site_any"))
    else:
        lines.append("• " + c(language, "summary_site", site=site_name(state["site"], language)))
    lines.append("• " + when(_d(state["first_day"]), _d(state["last_day"]), state["half"], language))
    return "\n".join(lines)


# --- answers ---------------------------------------------------------------------------------------------


def _check_day(day: date, state: dict, language: str) -> None:
    data = content.childcare()
    site = data.sites.get(state["site"]) or next(iter(data.sites.values()))
    problem = childcare.day_problem(site, day, today(), data)
    if problem == "past":
        raise Reask(c(language, "date_past", date=day_text(day, language)))
    if problem == "too_far":
        raise Reask(c(language, "date_too_far", date=day_text(day, language), days=data.booking_window_days))
    if problem == "closed":
        raise Reask(c(language, "date_closed", date=day_text(day, language)))


def read(q: str, state: dict, text: str, value: str | None, language: str) -> tuple[dict, str | None]:
    """The new state after an answer, and a message echoing it (a date). ``value`` is the
    choice already matched (a button, a number or its words), if any. Raises Reask, or
    returns the state unchanged with None when the answer is not understood."""
    state = dict(state)
    data = content.childcare()
    if q in ("registered", "reason", "site", "half", "confirm", "change_confirm", "full_choice") and value is None:
        if q == "site":
            from core.training import commune_named_in

            commune = commune_named_in(text)
            value = next((k for k, s in data.sites.items() if s.commune == commune), None)
            if commune and value is None:
                value = "any"
        if value is None:
            return state, None
    if q == "registered":
        state["registered"] = value == "yes"
        if not state["registered"]:
            state["status"], state["result"] = "done", "not_registered"
        return state, None
    if q in ("reason", "site", "half"):
        state[q] = value
        return state, None
    if q == "child_name":
        name = " ".join(text.split())
        if not is_name(name, 40) or text.startswith("/"):
            raise Reask(c(language, "child_name_invalid"))
        state["child_name"] = name[:1].upper() + name[1:]
        return state, None
    if q == "birth":
        born = childcare.parse_date(text, language, today(), prefer="past")
        if born is None:
            raise Reask(c(language, "birth_invalid"))
        if born > today():
            raise Reask(c(language, "birth_future"))
        state["birth"] = born.isoformat()
        if childcare.age_group(born, today()) is None:
            state["status"], state["result"] = "done", "too_old"
            state["first_day"] = today().isoformat()
        return state, None
    if q in ("interview_day", "first_day"):
        day = childcare.parse_date(text, language, today())
        if day is None:
            raise Reask(c(language, "date_invalid"))
        _check_day(day, state, language)
        state["first_day"] = day.isoformat()
        if q == "interview_day":
            state["last_day"] = day.isoformat()
        if childcare.age_group(_d(state["birth"]), day) is None:
            state["status"], state["result"] = "done", "too_old"
            return state, None
        return state, c(language, "date_echo", date=day_text(day, language))
    if q == "last_day":
        first = _d(state["first_day"])
        day = first if value == "same" else childcare.parse_date(text, language, today())
        if day is None:
            raise Reask(c(language, "date_invalid"))
        if day < first:
            raise Reask(c(language, "date_order", date=day_text(first, language)))
        if (day - first).days + 1 > data.max_booking_days:
            raise Reask(c(language, "date_too_long", days=data.max_booking_days))
        if day > today() + timedelta(days=data.booking_window_days + data.max_booking_days):
            raise Reask(c(language, "date_too_far", date=day_text(day, language),
                          days=data.booking_window_days))
        state["last_day"] = day.isoformat()
        return state, c(language, "date_echo", date=day_text(day, language))
    if q == "actiris_number":
        if value == "skip":
            state["actiris_asked"] = True
            return state, None
        digits = re.sub(r"[\s./-]", "", text)
        if not digits.isdigit() or not 5 <= len(digits) <= 12:
            raise Reask(c(language, "actiris_number_invalid"))
        state["actiris_number"], state["actiris_asked"] = digits, True
        return state, None
    if q in ("confirm", "change_confirm", "full_choice") and value == "no":
        state["status"], state["result"] = "done", "kept" if is_change(state) else "cancelled"
        return state, None
    return state, value  # "yes", "waiting", "date:…" or "site:…": booked by the caller


def _request(state: dict, site: str) -> childcare.Request:
    return childcare.Request(
        site=site, child_name=state["child_name"], birth=_d(state["birth"]), reason=state["reason"],
        first_day=_d(state["first_day"]), last_day=_d(state["last_day"]), half=state["half"],
        registered=bool(state["registered"]), actiris_number=state["actiris_number"])


def attempt(session: Session, conversation_id: str, state: dict, choice: str, language: str) -> dict:
    """Book (or join the waiting list, or move the booking) after the person said yes or
    chose an alternative."""
    data = content.childcare()
    state = dict(state)
    if choice == "waiting":
        sites = state["full"]["sites"] if state["full"] else [state["site"]]
        childcare.join_waiting_list(session, conversation_id, _request(state, sites[0]), language, sites)
        state["status"], state["result"], state["full"] = "done", "waiting", None
        return state
    if choice.startswith("date:"):
        site = data.sites[state["full"]["site"]]
        start = _d(choice.split(":", 1)[1])
        wanted = len(childcare.open_days(site, _d(state["first_day"]), _d(state["last_day"]))) or 1
        days = childcare.next_open_days(site, start, wanted, start + timedelta(days=120))
        state["first_day"], state["last_day"] = days[0].isoformat(), days[-1].isoformat()
        state["site"] = state["full"]["site"]
    elif choice.startswith("site:"):
        state["site"] = choice.split(":", 1)[1]
    if is_change(state):
        return _move(session, conversation_id, state)
    sites = list(data.sites) if state["site"] == "any" else [state["site"]]
    outcome = None
    for site in sites:
        outcome = childcare.book(session, conversation_id, _request(state, site), today(), data, language)
        if outcome.ok or outcome.problems:
            break
    if outcome.ok:
        state.update(status="done", result="booked", booking_id=outcome.booking.id, full=None,
                     site=outcome.booking.site)
        return state
    if outcome.problems:
        key = outcome.problems[0]
        state.update(status="done", result=key if key in ("not_registered", "too_old") else "problem",
                     full=None)
        return state
    return _offer(state, outcome, sites)


def _offer(state: dict, outcome: childcare.Outcome, sites: list[str]) -> dict:
    """The days asked are full: offer other start dates (and other sites for a new booking)."""
    full_day, _half = outcome.full[0]
    options = [f"date:{d.isoformat()}" for d in outcome.alternatives.dates[:2]]
    if not is_change(state):
        options += [f"site:{k}" for k in outcome.alternatives.sites[:2]]
    state["full"] = {"date": full_day.isoformat(), "site": sites[-1], "sites": sites, "options": options}
    state["status"] = "asking"
    return state


def _move(session: Session, conversation_id: str, state: dict) -> dict:
    """Move the booking to the days in ``state``; when they are full it stays as it was."""
    booking = session.get(ChildcareBooking, state["booking_id"])
    if booking is None or booking.conversation_id != conversation_id or booking.status != "confirmed":
        state.update(status="done", result="gone", full=None)
        return state
    outcome = childcare.change_dates(session, booking, _d(state["first_day"]), _d(state["last_day"]),
                                     state["half"], today(), content.childcare())
    if outcome.ok:
        tell_waiting(session, outcome.told)
        state.update(status="done", result="changed", full=None)
        return state
    if outcome.problems:
        state.update(status="done", result="not_moved", full=None)
        return state
    return _offer(state, outcome, [booking.site])


# --- the end, and managing bookings --------------------------------------------------------------------


def booked_message(booking: ChildcareBooking, language: str) -> str:
    site = content.childcare().sites[booking.site]
    return "\n".join([
        c(language, "booked", reference=booking.reference, name=booking.child_name,
          site=site.name.get(language), address=site.address, opens=site.opens, closes=site.closes),
        days_text(booking, language),
        c(language, "booked_reminder"),
    ])


def days_text(booking: ChildcareBooking, language: str) -> str:
    return when(booking.first_day, booking.last_day, booking.half, language)


def end_messages(session: Session, state: dict, language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(text, [(title, payload)]) messages for how the booking conversation ended."""
    from core.flows import t

    data = content.childcare()
    human = (translate(language, B_HUMAN.title), B_HUMAN.payload)
    faq = (translate(language, "Maisons d'enfants"), intent("faq_topic", topic="maisons_enfants"))
    menu = (t(language, "b_menu"), intent("help"))
    result = state.get("result")
    if is_change(state):
        return _change_end(session, state, language, human, menu)
    if result == "booked":
        booking = session.get(ChildcareBooking, state["booking_id"])
        return [(booked_message(booking, language),
                 [(c(language, "b_my_bookings"), intent("my_bookings")), menu])]
    if result == "waiting":
        return [(c(language, "waiting_joined"), [menu, human])]
    if result == "not_registered":
        return [(c(language, "not_registered"), [human, faq])]
    if result == "too_old":
        return [(c(language, "too_old", date=day_text(_d(state["first_day"]), language),
                   name=state["child_name"]), [human, menu])]
    if result == "problem":
        return [(c(language, "too_far_first", days=data.booking_window_days), [human, menu])]
    if result == "cancelled":
        return [(c(language, "cancelled_request"), [menu, human])]
    return [(c(language, "stopped"), [menu, human])]


def _change_end(session: Session, state: dict, language: str, human: tuple, menu: tuple
                ) -> list[tuple[str, list[tuple[str, str]]]]:
    mine = (c(language, "b_my_bookings"), intent("my_bookings"))
    result, reference = state.get("result"), state.get("reference", "")
    if result == "changed":
        booking = session.get(ChildcareBooking, state["booking_id"])
        return [(c(language, "changed", reference=reference) + "\n" + days_text(booking, language) + "\n"
                 + c(language, "booked_reminder"), [mine, menu])]
    if result == "gone":
        return [(c(language, "booking_gone"), [mine, menu])]
    kept = c(language, "kept", reference=reference)
    if result == "too_old":
        return [(c(language, "too_old", date=day_text(_d(state["first_day"]), language),
                   name=state["child_name"]) + "\n" + kept, [human, mine])]
    if result == "not_moved":
        return [(c(language, "change_not_possible", reference=reference), [human, mine])]
    return [(kept, [mine, menu])]


def list_bookings(session: Session, conversation_id: str, language: str) -> tuple[str, list[tuple[str, str]]]:
    bookings = childcare.bookings_of(session, conversation_id, today())
    if not bookings:
        return c(language, "no_bookings"), [(c(language, "b_book_childcare"), intent("book_childcare"))]
    data = content.childcare()
    lines = [c(language, "bookings_title")]
    buttons = []
    for booking in bookings:
        lines.append("• " + c(language, "booking_line", reference=booking.reference, name=booking.child_name,
                              days=days_text(booking, language).split(": ", 1)[-1],
                              site=data.sites[booking.site].name.get(language)))
        if booking.first_day > today():
            buttons.append((c(language, "b_change_reference", reference=booking.reference),
                            intent("childcare_change", reference=booking.reference)))
        buttons.append((c(language, "b_cancel_reference", reference=booking.reference),
                        intent("childcare_cancel", reference=booking.reference)))
    buttons.append((c(language, "b_book_childcare"), intent("book_childcare")))
    return "\n".join(lines), buttons


def start_change(session: Session, conversation_id: str, reference: str | None,
                 language: str) -> tuple[dict | None, tuple[str, list[tuple[str, str]]]]:
    """The questionnaire state to move a booking to other days and the first message; or no
    state and the list of bookings, when the booking is not the person's or has begun."""
    booking = childcare.find_booking(session, conversation_id, reference) if reference else None
    if booking is None or booking.status != "confirmed" or booking.last_day < today():
        text, buttons = list_bookings(session, conversation_id, language)
        return None, ((c(language, "booking_unknown") + "\n" + text) if reference else text, buttons)
    if booking.first_day <= today():
        return None, (c(language, "change_started", reference=booking.reference),
                      [(translate(language, B_HUMAN.title), B_HUMAN.payload),
                       (c(language, "b_my_bookings"), intent("my_bookings"))])
    return change_state(booking), (c(language, "change_intro", reference=booking.reference,
                                     name=booking.child_name,
                                     days=days_text(booking, language).split(": ", 1)[-1]), [])


def cancel_step(session: Session, conversation_id: str, reference: str | None, confirm: str | None,
                language: str) -> tuple[str, list[tuple[str, str]]]:
    """Ask to confirm a cancellation, or cancel. Only the identity that booked can."""
    booking = childcare.find_booking(session, conversation_id, reference) if reference else None
    if booking is None or booking.status != "confirmed":
        text, buttons = list_bookings(session, conversation_id, language)
        if reference:
            text = c(language, "booking_unknown") + "\n" + text
        return text, buttons
    details = dict(reference=booking.reference, name=booking.child_name,
                   days=days_text(booking, language).split(": ", 1)[-1])
    if confirm == "yes":
        tell_waiting(session, childcare.cancel(session, booking, by="person"))
        return c(language, "cancelled", reference=booking.reference), [
            (c(language, "b_my_bookings"), intent("my_bookings"))]
    if confirm == "no":
        return c(language, "kept", reference=booking.reference), [
            (c(language, "b_my_bookings"), intent("my_bookings"))]
    return c(language, "cancel_confirm", **details), [
        (c(language, "b_yes_cancel"), intent("childcare_cancel", reference=booking.reference, confirm="yes")),
        (c(language, "b_keep"), intent("childcare_cancel", reference=booking.reference, confirm="no")),
    ]


# --- messages outside the conversation: reminders, freed places, staff cancellations -----------


def _language(value: str | None) -> str:
    return normalise_language(value)


def tell_waiting(session: Session, told: list) -> None:
    """Tell the people picked from the waiting list that a place is free."""
    from core import notify

    data = content.childcare()
    for entry in told:
        language = _language(entry.language)
        site = data.sites[entry.site]
        notify.queue(session, entry.conversation_id, c(language, "place_free",
                     site=site.name.get(language), day=day_text(entry.first_day, language)),
                     [{"title": c(language, "b_book_childcare"), "payload": intent("book_childcare")}],
                     language)


def send_reminders(session: Session, day: date) -> int:
    """Queue the reminder of every booking that starts the day after ``day``; returns how many."""
    from core import notify

    data = content.childcare()
    due = childcare.due_reminders(session, day)
    for booking in due:
        language = _language(booking.language)
        site = data.sites[booking.site]
        notify.queue(session, booking.conversation_id, c(
            language, "reminder", day=day_text(booking.first_day, language), name=booking.child_name,
            site=site.name.get(language), address=site.address, opens=site.opens,
            reference=booking.reference), [{"title": c(language, "b_my_bookings"),
                                            "payload": intent("my_bookings")}], language)
        booking.reminder_sent_at = childcare.utcnow()
    return len(due)


def cancel_by_staff(session: Session, booking: ChildcareBooking, reason: str) -> None:
    """Cancel a booking for a reason the person is told on their channel."""
    from core import notify

    language = _language(booking.language)
    told = childcare.cancel(session, booking, by="staff", reason=reason)
    reason_text = reason.strip().rstrip(".") + "."
    notify.queue(session, booking.conversation_id, c(
        language, "staff_cancelled", reference=booking.reference,
        days=days_text(booking, language).split(": ", 1)[-1], reason=reason_text),
        [{"title": translate(language, B_HUMAN.title), "payload": B_HUMAN.payload}], language)
    tell_waiting(session, told)
