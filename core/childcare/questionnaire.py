"""Booking childcare in the chat, or moving a booking to other days: the questions, the
summary, the booking.

Dates are read in the person's words and echoed back formatted by Babel; past days,
closed days and days beyond the booking window are asked again with the reason. Nothing
is booked before an explicit yes. When the days are full, other start days, other sites
or the waiting list are offered.
"""

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from core.childcare import content, rules
from core.childcare.models import ChildcareBooking
from core.childcare.notices import tell_waiting
from core.childcare.texts import TEXTS
from core.childcare.wording import REASON_KEYS, day_text, days_only, days_text, short_day, site_name, when
from core.communes import commune_named_in
from core.i18n import LANGUAGES, translate, uncapital
from core.questionnaire import Answer, Choice, Ending, Opening, Outgoing, Questionnaire, Reask, Turn, button, choose
from core.questionnaire.answers import is_name, understand, with_words
from core.questionnaire.opening import CHECK, check_choices, check_prompt
from core.questionnaire.texts import TEXTS as COMMON
from core.responses import B_HUMAN, intent
from core.settings import get_settings

State = dict[str, Any]
CHOSEN = ("registered", "reason", "site", "half", "confirm", "change_confirm", "full_choice")
FINAL = ("confirm", "change_confirm", "full_choice")  # a yes there books (or moves) the booking


def new_state() -> State:
    return {"registered": None, "reason": None, "child_name": None, "birth": None, "site": None,
            "first_day": None, "last_day": None, "half": None, "actiris_number": None,
            "actiris_asked": False, "full": None, "result": None, "booking_id": None}


def is_change(state: State) -> bool:
    """The questionnaire moves an existing booking instead of making a new one."""
    return state.get("mode") == "change"


def change_state(booking: ChildcareBooking) -> State:
    """Only the new days are asked: the rest is the booking's."""
    return new_state() | {
        "mode": "change", "reference": booking.reference, "booking_id": booking.id,
        "registered": True, "reason": booking.reason, "child_name": booking.child_name,
        "birth": booking.child_birth_date.isoformat(), "site": booking.site, "actiris_asked": True}


def _d(value: str) -> date:
    return date.fromisoformat(value)


def _opening_words(state: State, language: str) -> list[str]:
    """What the opening message said, in words: "a job interview, Monday 7 December 2026, morning"."""
    words = []
    if state["reason"]:
        words.append(uncapital(TEXTS(language, REASON_KEYS[state["reason"]])))
    if state["first_day"]:
        words.append(day_text(_d(state["first_day"]), language))
    if state["half"]:
        words.append(TEXTS(language, "morning" if state["half"] == "am" else "afternoon").lower())
    if state["site"]:
        words.append(site_name(state["site"], language))
    return words


def summary(state: State, language: str) -> str:
    lines = [TEXTS(language, "summary"),
             "• " + TEXTS(language, "summary_child", name=state["child_name"],
                          date=day_text(_d(state["birth"]), language)),
             "• " + TEXTS(language, "summary_reason", reason=TEXTS(language, REASON_KEYS[state["reason"]]))]
    if state["site"] == "any":
        lines.append("• " + TEXTS(language, "summary_site_any"))
    else:
        lines.append("• " + TEXTS(language, "summary_site", site=site_name(state["site"], language)))
    lines.append("• " + when(_d(state["first_day"]), _d(state["last_day"]), state["half"], language))
    return "\n".join(lines)


def _days_of(state: State, language: str) -> str:
    return days_only(when(_d(state["first_day"]), _d(state["last_day"]), state["half"], language))


def booked_message(booking: ChildcareBooking, language: str) -> str:
    site = content.sites_content().sites[booking.site]
    return "\n".join([
        TEXTS(language, "booked", reference=booking.reference, name=booking.child_name,
              site=site.name.get(language), address=site.address, opens=site.opens, closes=site.closes),
        days_text(booking, language),
        TEXTS(language, "booked_reminder"),
    ])


class ChildcareBookingQuestionnaire(Questionnaire[str]):
    """registered? → reason → child's first name → date of birth → site → days → Actiris
    number → summary and yes. For a change, only the new days and the yes."""

    name = "childcare"

    def begin(self, turn: Turn, stored: State | None, opening: Opening) -> tuple[State, list[Outgoing]]:
        state = new_state()
        if not opening.pressed:
            state |= self._from_opening(turn, state, opening)
            state["opening"] = [key for key in ("reason", "first_day", "half", "site") if state[key] is not None]
        return state, [Outgoing(TEXTS(turn.language, "intro"))]

    def _from_opening(self, turn: Turn, state: State, opening: Opening) -> State:
        """The reason, the day (and half-day) and the site an opening message names."""
        found: State = {}
        reason = opening.entities.get("reason")
        found["reason"] = reason if reason in rules.REASONS else self._chosen_in(turn, state, "reason", opening.text)
        commune = opening.entities.get("commune") or opening.text
        found["site"] = next((key for key, site in content.sites_content().sites.items()
                              if site.commune == commune_named_in(commune)), None)
        said = opening.entities.get("day")
        day = (rules.parse_date(said, turn.language, rules.today()) if said
               else rules.day_in(opening.text, turn.language, rules.today()))
        site = content.sites_content().sites.get(found["site"] or "")
        if day is not None and rules.day_problem(site, day, rules.today(), content.sites_content()) is None:
            found["first_day"] = day.isoformat()
            if found["reason"] == "interview":
                found["last_day"] = found["first_day"]
                found["half"] = self._chosen_in(turn, state, "half", opening.text)
        return found

    def _chosen_in(self, turn: Turn, state: State, question: str, text: str) -> str | None:
        """The one choice of ``question`` an opening sentence names, if any."""
        choices = with_words(self.choices(turn, state, question), f"{self.name}.{question}", None)
        return understand(text, choices).value

    def question(self, turn: Turn, state: State) -> str | None:
        if state["status"] != "asking":
            return None
        if state.get("opening") and not state.get("opening_checked"):
            return CHECK
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

    def choices(self, turn: Turn, state: State, question: str) -> list[Choice]:
        sites = content.sites_content().sites
        if question == CHECK:
            return check_choices()
        if question == "registered":
            return [Choice.of("yes", COMMON.everywhere("b_yes")), Choice.of("no", COMMON.everywhere("b_no"))]
        if question == "reason":
            return [Choice.of(r, TEXTS.everywhere(REASON_KEYS[r])) for r in rules.REASONS]
        if question == "site":
            return [Choice.of(key, [site.commune] + [site.name.get(lang) for lang in LANGUAGES])
                    for key, site in sites.items()] + [Choice.of("any", TEXTS.everywhere("site_any"))]
        if question == "half":
            return [Choice.of("am", TEXTS.everywhere("morning")), Choice.of("pm", TEXTS.everywhere("afternoon"))]
        if question == "last_day":
            return [Choice.of("same", TEXTS.everywhere("only_that_day"))]
        if question == "actiris_number":
            return [Choice.of("skip", COMMON.everywhere("b_skip"))]
        if question == "confirm":
            return [Choice.of("yes", TEXTS.everywhere("b_book")), Choice.of("no", TEXTS.everywhere("b_no_cancel"))]
        if question == "change_confirm":
            return [Choice.of("yes", TEXTS.everywhere("b_yes_change")),
                    Choice.of("no", TEXTS.everywhere("b_keep_as_is"))]
        if question == "full_choice":
            options = [Choice.of(o, [o]) for o in state["full"]["options"]]
            if is_change(state):
                return [*options, Choice.of("no", TEXTS.everywhere("b_keep_as_is"))]
            return [*options, Choice.of("waiting", TEXTS.everywhere("b_waiting_list")),
                    Choice.of("no", TEXTS.everywhere("b_no_cancel"))]
        return []

    def prompt(self, turn: Turn, state: State, question: str) -> Outgoing:
        if question == CHECK:
            return check_prompt(turn.language, _opening_words(state, turn.language))
        text, titled = self._prompt(state, question, turn.language)
        return Outgoing(text, [button(title, choose(value)) for title, value in titled])

    @staticmethod
    def _prompt(state: State, question: str, language: str) -> tuple[str, list[tuple[str, str]]]:
        """(text, [(title, value)]) of a question."""
        sites = content.sites_content().sites
        if question == "registered":
            return TEXTS(language, "registered"), [(COMMON(language, "b_yes"), "yes"), (COMMON(language, "b_no"), "no")]
        if question == "reason":
            return TEXTS(language, "reason"), [(TEXTS(language, REASON_KEYS[r]), r) for r in rules.REASONS]
        if question == "child_name":
            return TEXTS(language, "child_name"), []
        if question == "birth":
            return TEXTS(language, "birth", name=state["child_name"]), []
        if question == "site":
            return TEXTS(language, "site"), [(site.commune, key) for key, site in sites.items()] + [
                (TEXTS(language, "site_any"), "any")]
        if question in ("interview_day", "first_day"):
            return TEXTS(language, question), []
        if question == "half":
            return TEXTS(language, "half"), [(TEXTS(language, "morning"), "am"), (TEXTS(language, "afternoon"), "pm")]
        if question == "last_day":
            return TEXTS(language, "last_day"), [(TEXTS(language, "only_that_day"), "same")]
        if question == "actiris_number":
            return TEXTS(language, "actiris_number"), [(COMMON(language, "b_skip"), "skip")]
        if question == "confirm":
            return "\n".join([summary(state, language), TEXTS(language, "confirm")]), [
                (TEXTS(language, "b_book"), "yes"), (TEXTS(language, "b_no_cancel"), "no")]
        if question == "change_confirm":
            return TEXTS(language, "change_confirm", reference=state["reference"],
                         days=_days_of(state, language)), [
                (TEXTS(language, "b_yes_change"), "yes"), (TEXTS(language, "b_keep_as_is"), "no")]
        full = state["full"]  # full_choice
        lines = [TEXTS(language, "full", date=day_text(_d(full["date"]), language),
                       site=site_name(full["site"], language)),
                 TEXTS(language, "change_full_options" if is_change(state) else "full_options")]
        buttons = []
        for option in full["options"]:
            kind, value = option.split(":", 1)
            if kind == "date":
                buttons.append((TEXTS(language, "b_start_on", date=short_day(_d(value), language)), option))
            else:
                buttons.append((sites[value].commune, option))
        if is_change(state):
            buttons.append((TEXTS(language, "b_keep_as_is"), "no"))
        else:
            buttons += [(TEXTS(language, "b_waiting_list"), "waiting"), (TEXTS(language, "b_no_cancel"), "no")]
        return "\n".join(lines), buttons

    def read(self, turn: Turn, state: State, question: str,
             answer: Answer) -> tuple[State, list[Outgoing]] | None:
        text, value = answer.text, answer.value
        if question == CHECK:
            if value is None:
                return None
            changed = {key: None for key in (*state["opening"], "last_day")} if value == "no" else {}
            return state | changed | {"opening_checked": True}, []
        if question in CHOSEN and value is None:
            value = self._site_named_in(text) if question == "site" else None
            if value is None:
                return None
        state, said = _read(question, dict(state), text, value, turn.language)
        if question not in FINAL:
            return state, [Outgoing(said)] if said else []
        if state["status"] == "asking" and said:
            state = _attempt(turn.session, turn.conversation_id, state, said, turn.language)
        return state, []

    def takes_free_text(self, question: str) -> bool:
        return question in ("child_name", "birth", "interview_day", "first_day", "last_day", "actiris_number")

    @staticmethod
    def _site_named_in(text: str) -> str | None:
        """A site by its commune's name; "any" for a commune without a Maison d'enfants."""
        commune = commune_named_in(text)
        if commune is None:
            return None
        sites = content.sites_content().sites
        return next((key for key, site in sites.items() if site.commune == commune), "any")

    def finish(self, turn: Turn, state: State) -> Ending:
        if state.get("status") != "done":  # stopped: nothing stored, or a booking left as it was
            state = {key: state.get(key) for key in ("mode", "reference")}
        return Ending([Outgoing(text, [button(title, payload) for title, payload in buttons])
                       for text, buttons in _end_messages(turn.session, state, turn.language)])


BOOKING = ChildcareBookingQuestionnaire()


# --- answers ---------------------------------------------------------------------------------------------


def _check_day(day: date, state: State, language: str) -> None:
    data = content.sites_content()
    site = data.sites.get(state["site"]) or next(iter(data.sites.values()))
    problem = rules.day_problem(site, day, rules.today(), data)
    if problem == "past":
        raise Reask(TEXTS(language, "date_past", date=day_text(day, language)))
    if problem == "too_far":
        raise Reask(TEXTS(language, "date_too_far", date=day_text(day, language), days=data.booking_window_days))
    if problem == "closed":
        raise Reask(TEXTS(language, "date_closed", date=day_text(day, language)))


Reading = tuple[State, str | None]  # the new state, and an echo or, after a final question, the choice


def _registered(state: State, text: str, value: str | None, language: str) -> Reading:
    state["registered"] = value == "yes"
    if not state["registered"]:
        state["status"], state["result"] = "done", "not_registered"
    return state, None


def _chosen(question: str) -> Callable[[State, str, str | None, str], Reading]:
    def read(state: State, text: str, value: str | None, language: str) -> Reading:
        state[question] = value
        return state, None
    return read


def _child_name(state: State, text: str, value: str | None, language: str) -> Reading:
    name = " ".join(text.split())
    if not is_name(name, 40) or text.startswith("/"):
        raise Reask(TEXTS(language, "child_name_invalid"))
    state["child_name"] = name[:1].upper() + name[1:]
    return state, None


def _birth(state: State, text: str, value: str | None, language: str) -> Reading:
    today = rules.today()
    born = rules.parse_date(text, language, today, prefer="past")
    if born is None:
        raise Reask(TEXTS(language, "birth_invalid"))
    if born > today:
        raise Reask(TEXTS(language, "birth_future"))
    state["birth"] = born.isoformat()
    on = _d(state["first_day"]) if state["first_day"] else today  # a day the opening message gave
    if rules.age_group(born, today) is None or rules.age_group(born, on) is None:
        state["status"], state["result"] = "done", "too_old"
        state["first_day"] = on.isoformat()
    return state, None


def _first_day(interview: bool) -> Callable[[State, str, str | None, str], Reading]:
    def read(state: State, text: str, value: str | None, language: str) -> Reading:
        day = rules.parse_date(text, language, rules.today())
        if day is None:
            raise Reask(TEXTS(language, "date_invalid"))
        _check_day(day, state, language)
        state["first_day"] = day.isoformat()
        if interview:
            state["last_day"] = day.isoformat()
        if rules.age_group(_d(state["birth"]), day) is None:
            state["status"], state["result"] = "done", "too_old"
            return state, None
        return state, TEXTS(language, "date_echo", date=day_text(day, language))
    return read


def _last_day(state: State, text: str, value: str | None, language: str) -> Reading:
    data, today = content.sites_content(), rules.today()
    first = _d(state["first_day"])
    last = first if value == "same" else rules.parse_date(text, language, today)
    if last is None:
        raise Reask(TEXTS(language, "date_invalid"))
    if last < first:
        raise Reask(TEXTS(language, "date_order", date=day_text(first, language)))
    if (last - first).days + 1 > data.max_booking_days:
        raise Reask(TEXTS(language, "date_too_long", days=data.max_booking_days))
    if last > today + timedelta(days=data.booking_window_days + data.max_booking_days):
        raise Reask(TEXTS(language, "date_too_far", date=day_text(last, language), days=data.booking_window_days))
    state["last_day"] = last.isoformat()
    return state, TEXTS(language, "date_echo", date=day_text(last, language))


def _actiris_number(state: State, text: str, value: str | None, language: str) -> Reading:
    if value == "skip":
        state["actiris_asked"] = True
        return state, None
    digits = re.sub(r"[\s./-]", "", text)
    if not digits.isdigit() or not 5 <= len(digits) <= 12:
        raise Reask(TEXTS(language, "actiris_number_invalid"))
    state["actiris_number"], state["actiris_asked"] = digits, True
    return state, None


def _final(state: State, text: str, value: str | None, language: str) -> Reading:
    """confirm, change_confirm, full_choice: "no" ends; anything else is acted on."""
    if value == "no":
        state["status"], state["result"] = "done", "kept" if is_change(state) else "cancelled"
        return state, None
    return state, value


def _site(state: State, text: str, value: str | None, language: str) -> Reading:
    """The site; a day the opening message gave is asked again when that site is closed then."""
    state["site"] = value
    sites = content.sites_content().sites
    given = state["first_day"]
    if given and value in sites and not rules.is_open(sites[value], _d(given)):
        state["first_day"] = state["last_day"] = None
        return state, TEXTS(language, "date_closed", date=day_text(_d(given), language))
    return state, None


_READERS: dict[str, Callable[[State, str, str | None, str], Reading]] = {
    "registered": _registered, "reason": _chosen("reason"), "site": _site, "half": _chosen("half"),
    "child_name": _child_name, "birth": _birth, "interview_day": _first_day(interview=True),
    "first_day": _first_day(interview=False), "last_day": _last_day, "actiris_number": _actiris_number,
}


def _read(question: str, state: State, text: str, value: str | None, language: str) -> Reading:
    """The state after an answer, and either a message echoing it (a date) or, after a
    final question, the choice to act on ("yes", "waiting", "date:…", "site:…")."""
    return _READERS.get(question, _final)(state, text, value, language)


def _request(state: State, site: str) -> rules.Request:
    return rules.Request(
        site=site, child_name=state["child_name"], birth=_d(state["birth"]), reason=state["reason"],
        first_day=_d(state["first_day"]), last_day=_d(state["last_day"]), half=state["half"],
        registered=bool(state["registered"]), actiris_number=state["actiris_number"])


def _attempt(session: Session, conversation_id: str, state: State, choice: str, language: str) -> State:
    """Book (or join the waiting list, or move the booking) after the person said yes or
    chose an alternative."""
    data = content.sites_content()
    if choice == "waiting":
        sites = state["full"]["sites"] if state["full"] else [state["site"]]
        rules.join_waiting_list(session, conversation_id, _request(state, sites[0]), language, sites)
        return state | {"status": "done", "result": "waiting", "full": None}
    if choice.startswith("date:"):
        site = data.sites[state["full"]["site"]]
        start = _d(choice.split(":", 1)[1])
        wanted = len(rules.open_days(site, _d(state["first_day"]), _d(state["last_day"]))) or 1
        days = rules.next_open_days(site, start, wanted, start + timedelta(days=120))
        state = state | {"first_day": days[0].isoformat(), "last_day": days[-1].isoformat(),
                         "site": state["full"]["site"]}
    elif choice.startswith("site:"):
        state = state | {"site": choice.split(":", 1)[1]}
    if is_change(state):
        return _move(session, conversation_id, state)
    sites = list(data.sites) if state["site"] == "any" else [state["site"]]
    outcome = rules.BookingOutcome()
    for site_key in sites:
        outcome = rules.book(session, conversation_id, _request(state, site_key), rules.today(), data, language)
        if outcome.ok or outcome.problems:
            break
    if outcome.booking is not None:
        return state | {"status": "done", "result": "booked", "booking_id": outcome.booking.id, "full": None,
                        "site": outcome.booking.site}
    if outcome.problems:
        key = outcome.problems[0]
        return state | {"status": "done", "result": key if key in ("not_registered", "too_old", "too_many")
                        else "problem", "full": None}
    return _offer(state, outcome, sites)


def _offer(state: State, outcome: rules.BookingOutcome, sites: list[str]) -> State:
    """The days asked are full: offer other start dates (and other sites for a new booking)."""
    full_day, _half = outcome.full[0]
    options = [f"date:{d.isoformat()}" for d in outcome.alternatives.dates[:2]]
    if not is_change(state):
        options += [f"site:{k}" for k in outcome.alternatives.sites[:2]]
    return state | {"status": "asking", "full": {"date": full_day.isoformat(), "site": sites[-1],
                                                  "sites": sites, "options": options}}


def _move(session: Session, conversation_id: str, state: State) -> State:
    """Move the booking to the days in ``state``; when they are full it stays as it was."""
    booking = session.get(ChildcareBooking, state["booking_id"])
    if booking is None or booking.conversation_id != conversation_id or booking.status != "confirmed":
        return state | {"status": "done", "result": "gone", "full": None}
    outcome = rules.change_dates(session, booking, _d(state["first_day"]), _d(state["last_day"]),
                                 state["half"], rules.today(), content.sites_content())
    if outcome.ok:
        tell_waiting(session, outcome.told)
        return state | {"status": "done", "result": "changed", "full": None}
    if outcome.problems:
        return state | {"status": "done", "result": "not_moved", "full": None}
    return _offer(state, outcome, [booking.site])


# --- the end -------------------------------------------------------------------------------------------------

Titled = list[tuple[str, list[tuple[str, str]]]]  # messages as (text, [(title, payload)])


def _end_messages(session: Session, state: State, language: str) -> Titled:
    """How the booking conversation ended, in words, with what to do next."""
    data = content.sites_content()
    human = (translate(language, B_HUMAN.title), B_HUMAN.payload)
    faq = (translate(language, "Maisons d'enfants"), intent("faq_topic", topic="maisons_enfants"))
    menu = (COMMON(language, "b_menu"), intent("help"))
    result = state.get("result")
    if is_change(state):
        return _change_end(session, state, language, human, menu)
    if result == "booked":
        booking = session.get(ChildcareBooking, state["booking_id"])
        assert booking is not None
        return [(booked_message(booking, language),
                 [(TEXTS(language, "b_my_bookings"), intent("my_bookings")), menu])]
    if result == "waiting":
        return [(TEXTS(language, "waiting_joined"), [menu, human])]
    if result == "not_registered":
        return [(TEXTS(language, "not_registered"), [human, faq])]
    if result == "too_old":
        return [(TEXTS(language, "too_old", date=day_text(_d(state["first_day"]), language),
                       name=state["child_name"]), [human, menu])]
    if result == "too_many":
        return [too_many_message(language)]
    if result == "problem":
        return [(TEXTS(language, "too_far_first", days=data.booking_window_days), [human, menu])]
    if result == "cancelled":
        return [(TEXTS(language, "cancelled_request"), [menu, human])]
    return [(TEXTS(language, "stopped"), [menu, human])]


def too_many_message(language: str) -> tuple[str, list[tuple[str, str]]]:
    """The most bookings at once: change or cancel one first."""
    return (TEXTS(language, "too_many", count=get_settings().childcare_max_open_bookings),
            [(TEXTS(language, "b_my_bookings"), intent("my_bookings")), (translate(language, B_HUMAN.title),
                                                                         B_HUMAN.payload)])


def _change_end(session: Session, state: State, language: str, human: tuple[str, str],
                menu: tuple[str, str]) -> Titled:
    mine = (TEXTS(language, "b_my_bookings"), intent("my_bookings"))
    result, reference = state.get("result"), state.get("reference", "")
    if result == "changed":
        booking = session.get(ChildcareBooking, state["booking_id"])
        assert booking is not None
        return [(TEXTS(language, "changed", reference=reference) + "\n" + days_text(booking, language) + "\n"
                 + TEXTS(language, "booked_reminder"), [mine, menu])]
    if result == "gone":
        return [(TEXTS(language, "booking_gone"), [mine, menu])]
    kept = TEXTS(language, "kept", reference=reference)
    if result == "too_old":
        return [(TEXTS(language, "too_old", date=day_text(_d(state["first_day"]), language),
                       name=state["child_name"]) + "\n" + kept, [human, mine])]
    if result == "not_moved":
        return [(TEXTS(language, "change_not_possible", reference=reference), [human, mine])]
    return [(kept, [mine, menu])]
