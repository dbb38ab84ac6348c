"""Booking childcare in the chat (core/childcare/questionnaire.py through the questionnaire
engine), and the person's list of bookings (core/childcare/bookings.py), on a real database."""

from datetime import date

import pytest
from sqlalchemy import func, select

from core.childcare import bookings, content, rules
from core.childcare.models import ChildcareBooking, ChildcareWaiting
from core.childcare.texts import TEXTS
from core.models import Notification
from tests.chat import Chat

TODAY = date(2026, 11, 23)  # a Monday
C = "childcare"


def said(language, key, /, **arguments):
    return TEXTS(language, key, **arguments)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("core.childcare.rules.today", lambda: TODAY)


def change(chat, reference):
    """Press "Change <reference>" in the list of bookings."""
    with chat.sessions.begin() as s:
        state, (text, buttons) = bookings.start_change(s, chat.id, reference, chat.language)
    if state is not None:
        chat.start_with(C, state)
    return state is not None, text, buttons


def count(sessions, model):
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_a_booking_in_dutch_with_dates_echoed_and_a_summary(sessions):
    chat = Chat(sessions, "nl")
    assert chat.start(C)[0].text == said("nl", "intro")
    assert chat.ask(C)[0].text == said("nl", "registered")
    chat.through(C, "ja", '/choose{"choice": "job_start"}', "Lina", "14/03/2025", "Molenbeek")
    echo = chat.answer(C, "volgende maandag")
    assert echo.messages[0].text == said("nl", "date_echo", date="maandag 30 november 2026")
    chat.through(C, "2 december", '/choose{"choice": "skip"}')
    confirm = chat.ask(C)[0]
    assert "Lina" in confirm.text and "vrijdag 14 maart 2025" in confirm.text
    assert "Kinderhuis van Actiris Molenbeek" in confirm.text
    assert confirm.text.endswith(said("nl", "confirm"))
    assert count(sessions, ChildcareBooking) == 0, "nothing booked before a yes"
    assert chat.answer(C, confirm.buttons[0]["payload"]).status == "done"
    booked = chat.finish(C)[0]
    with sessions() as s:
        booking = s.scalar(select(ChildcareBooking))
        assert booking.reference in booked.text and "Rue Ulens 95" in booked.text
        assert (booking.first_day, booking.last_day, booking.site) == (
            date(2026, 11, 30), date(2026, 12, 2), "molenbeek")
        assert booking.conversation_id == chat.id and booking.language == "nl"
        assert len(booking.days) == 6


@pytest.mark.parametrize("text,key,day", [
    ("samedi", "date_closed", "samedi 28 novembre 2026"),
    ("hier", "date_past", "dimanche 22 novembre 2026"),
    ("3 mars", "date_too_far", "mercredi 3 mars 2027"),
    ("bientôt", "date_invalid", None),
])
def test_days_that_cannot_be_booked_are_asked_again_with_the_reason(sessions, text, key, day):
    chat = Chat(sessions, "fr")
    chat.start(C)
    chat.through(C, "oui", "1", "Noé", "01/02/2026", "Anderlecht")
    outcome = chat.answer(C, text)
    assert outcome.status == "invalid"
    expected = said("fr", key, date=day, days=60) if day else said("fr", key)
    assert outcome.messages[0].text == expected
    assert chat.ask(C)[0].text == said("fr", "first_day"), "the same question again"


def test_an_interview_is_one_half_day(sessions):
    chat = Chat(sessions, "en")
    chat.start(C)
    chat.through(C, "yes", "A job interview", "Sam", "1 May 2024", "Bruxelles-Ville", "Friday")
    assert chat.ask(C)[0].text == said("en", "half")
    chat.through(C, "afternoon", "skip", "yes")
    with sessions() as s:
        booking = s.scalar(select(ChildcareBooking))
        assert [(d.day, d.half) for d in booking.days] == [(date(2026, 11, 27), "pm")]
        assert booking.age_group == "toddlers"


def test_not_registered_is_told_why_and_where_to_go(sessions):
    chat = Chat(sessions, "fr")
    chat.start(C)
    assert chat.answer(C, "non").status == "done"
    end = chat.finish(C)[0]
    assert end.text == said("fr", "not_registered")
    assert "/request_human" in {b["payload"] for b in end.buttons}
    assert count(sessions, ChildcareBooking) == 0


def test_a_child_of_three_is_told_why(sessions):
    chat = Chat(sessions, "en")
    chat.start(C)
    chat.through(C, "yes", "1", "Tom", "10/10/2022")
    end = chat.finish(C)[0]
    assert end.text.startswith(said("en", "too_old", date="X", name="Tom")[:40])
    assert count(sessions, ChildcareBooking) == 0


def test_when_full_another_site_or_the_waiting_list_is_offered(sessions, monkeypatch):
    full = content.sites_content().model_copy(deep=True)
    full.sites["molenbeek"].places = {"babies": 0, "toddlers": 0}
    monkeypatch.setattr("core.childcare.content.sites_content", lambda: full)
    chat = Chat(sessions, "en")
    chat.start(C)
    chat.through(C, "yes", "1", "Lina", "14/03/2025", "Molenbeek", "1 December", "Only that day", "skip")
    assert chat.answer(C, "yes").status == "next"
    offer = chat.ask(C)[0]
    assert offer.text.startswith(said("en", "full", date="Tuesday 1 December 2026",
                                      site="Actiris children's house Molenbeek"))
    payloads = [b["payload"] for b in offer.buttons]
    assert any('"site:' in p for p in payloads) and '/choose{"choice": "waiting"}' in payloads
    assert chat.answer(C, next(p for p in payloads if '"site:' in p)).status == "done"
    with sessions() as s:
        assert s.scalar(select(ChildcareBooking)).site != "molenbeek"


def test_joining_the_waiting_list(sessions, monkeypatch):
    full = content.sites_content().model_copy(deep=True)
    for site in full.sites.values():
        site.places = {"babies": 0, "toddlers": 0}
    monkeypatch.setattr("core.childcare.content.sites_content", lambda: full)
    chat = Chat(sessions, "fr")
    chat.start(C)
    chat.through(C, "oui", "1", "Lina", "14/03/2025", "pas de préférence", "1/12", "2/12", "passer", "oui")
    assert chat.answer(C, "liste d'attente").status == "done"
    assert chat.finish(C)[0].text == said("fr", "waiting_joined")
    assert count(sessions, ChildcareBooking) == 0
    assert count(sessions, ChildcareWaiting) == len(full.sites), "no preference: waits at every site"
    with sessions.begin() as s:  # a place frees up at one site: told once, not once per site
        told = rules.waiting_to_notify(s, "molenbeek", "toddlers", [(date(2026, 12, 1), "am")])
        assert [entry.conversation_id for entry in told] == [chat.id]
        assert rules.waiting_to_notify(s, "anderlecht", "toddlers", [(date(2026, 12, 1), "am")]) == []


def test_stop_books_nothing(sessions):
    chat = Chat(sessions, "nl")
    chat.start(C)
    chat.through(C, "ja", "1", "Lina")
    assert chat.answer(C, "stoppen").status == "stopped"
    assert chat.finish(C)[0].text == said("nl", "stopped")
    assert count(sessions, ChildcareBooking) == 0


def test_a_name_with_digits_is_asked_again_then_a_counsellor_offered(sessions):
    chat = Chat(sessions, "en")
    chat.start(C)
    chat.through(C, "yes", "1")
    first = chat.answer(C, "12345")
    assert first.messages[0].text == said("en", "child_name_invalid")
    second = chat.answer(C, "/greet")
    assert second.messages[-1].buttons and second.messages[-1].buttons[0]["payload"] == "/request_human"


def test_list_and_cancel_only_ones_own_bookings(sessions):
    chat = Chat(sessions, "en")
    chat.start(C)
    chat.through(C, "yes", "1", "Lina", "14/03/2025", "Molenbeek", "1/12", "Only that day", "skip", "yes")
    chat.finish(C)
    other = Chat(sessions, "en", name="someone else")
    with sessions.begin() as s:
        text, buttons = bookings.list_bookings(s, chat.id, "en")
        reference = s.scalar(select(ChildcareBooking.reference))
        assert reference in text and "Lina" in text
        assert (f"Cancel {reference}", f'/childcare_cancel{{"reference": "{reference}"}}') in buttons
        assert bookings.list_bookings(s, other.id, "en")[0] == said("en", "no_bookings")
        # someone else cannot cancel it
        text, _ = bookings.cancel_step(s, other.id, reference, "yes", "en")
        assert text.startswith(said("en", "booking_unknown"))
    with sessions.begin() as s:
        text, buttons = bookings.cancel_step(s, chat.id, reference, None, "en")
        assert reference in text and len(buttons) == 2
        text, _ = bookings.cancel_step(s, chat.id, reference, "yes", "en")
        assert text == said("en", "cancelled", reference=reference)
    with sessions() as s:
        assert s.scalar(select(ChildcareBooking.status)) == "cancelled"
        assert bookings.list_bookings(s, chat.id, "en")[0] == said("en", "no_bookings")


def book_lina(chat, *days):
    chat.start(C)
    chat.through(C, *({"en": ("yes", "1", "Lina", "14/03/2025", "Molenbeek"),
                       "fr": ("oui", "1", "Lina", "14/03/2025", "Molenbeek"),
                       "nl": ("ja", "1", "Lina", "14/03/2025", "Molenbeek")}[chat.language] + days),
                 {"en": "skip", "fr": "passer", "nl": "overslaan"}[chat.language])
    assert chat.answer(C, "/choose{\"choice\": \"yes\"}").status == "done"
    chat.finish(C)
    with chat.sessions() as s:
        return s.scalar(select(ChildcareBooking.reference).where(ChildcareBooking.conversation_id == chat.id))


def test_the_list_of_bookings_offers_to_change_one(sessions):
    chat = Chat(sessions, "en")
    reference = book_lina(chat, "1/12", "Only that day")
    with sessions() as s:
        _text, buttons = bookings.list_bookings(s, chat.id, "en")
    assert (f"Change {reference}", f'/childcare_change{{"reference": "{reference}"}}') in buttons


@pytest.mark.parametrize("language,new_first,new_last,echo", [
    ("en", "3 December", "4/12", "Friday 4 December 2026"),
    ("fr", "jeudi 3 décembre", "4/12", "vendredi 4 décembre 2026"),
    ("nl", "3 december", "4/12", "vrijdag 4 december 2026"),
])
def test_changing_a_bookings_days_in_the_chat(sessions, language, new_first, new_last, echo):
    chat = Chat(sessions, language)
    reference = book_lina(chat, "1/12", "2/12")
    started, intro, _ = change(chat, reference)
    assert started and intro.startswith(said(language, "change_intro", reference=reference, name="Lina",
                                             days="X")[:20])
    assert chat.ask(C)[0].text == said(language, "first_day"), "only the new days are asked"
    chat.through(C, new_first)
    assert chat.answer(C, new_last).messages[0].text == said(language, "date_echo", date=echo)
    confirm = chat.ask(C)[0]
    assert reference in confirm.text and echo in confirm.text
    with sessions() as s:
        assert s.scalar(select(ChildcareBooking.first_day)) == date(2026, 12, 1), "nothing moved before a yes"
    assert chat.answer(C, confirm.buttons[0]["payload"]).status == "done"
    end = chat.finish(C)[0]
    assert end.text.startswith(said(language, "changed", reference=reference)) and echo in end.text
    with sessions() as s:
        booking = s.scalar(select(ChildcareBooking))
        assert (booking.first_day, booking.last_day, booking.reference) == (
            date(2026, 12, 3), date(2026, 12, 4), reference)
        assert sorted({d.day for d in booking.days}) == [date(2026, 12, 3), date(2026, 12, 4)]
        occupancy = rules.occupancy(s, date(2026, 12, 1), content.sites_content())["molenbeek"]["babies"]
        assert occupancy["am"] == 0, "the old days are free again"


def one_place_at_molenbeek(monkeypatch):
    data = content.sites_content().model_copy(deep=True)
    data.sites["molenbeek"].places = {"babies": 1, "toddlers": 1}
    monkeypatch.setattr("core.childcare.content.sites_content", lambda: data)


def test_a_change_to_full_days_keeps_the_booking_and_offers_other_days(sessions, monkeypatch):
    one_place_at_molenbeek(monkeypatch)
    chat, other = Chat(sessions, "en"), Chat(sessions, "en", name="other parent")
    reference = book_lina(chat, "1/12", "Only that day")
    book_lina(other, "3/12", "Only that day")
    change(chat, reference)
    chat.through(C, "3/12", "Only that day")
    assert chat.answer(C, "yes").status == "next"
    offer = chat.ask(C)[0]
    assert offer.text.startswith(said("en", "full", date="Thursday 3 December 2026",
                                      site="Actiris children's house Molenbeek"))
    titles = [b["title"] for b in offer.buttons]
    assert titles[-1] == said("en", "b_keep_as_is") and said("en", "b_waiting_list") not in titles
    assert chat.answer(C, said("en", "b_keep_as_is")).status == "done"
    assert chat.finish(C)[0].text == said("en", "kept", reference=reference)
    with sessions() as s:
        booking = s.scalar(select(ChildcareBooking).where(ChildcareBooking.reference == reference))
        assert booking.first_day == date(2026, 12, 1) and len(booking.days) == 2


def test_moving_a_booking_tells_the_waiting_list(sessions, monkeypatch):
    one_place_at_molenbeek(monkeypatch)
    chat, waiting = Chat(sessions, "fr"), Chat(sessions, "nl", name="waiting parent")
    reference = book_lina(chat, "1/12", "seulement ce jour-là")
    waiting.start(C)
    waiting.through(C, "ja", "1", "Tom", "20/05/2025", "Molenbeek", "1/12", "alleen die dag", "overslaan", "ja")
    assert waiting.answer(C, "wachtlijst").status == "done"
    change(chat, reference)
    chat.through(C, "2/12", "seulement ce jour-là", "oui")
    with sessions() as s:
        note = s.scalar(select(Notification).where(Notification.conversation_id == waiting.id))
        assert note is not None and "dinsdag 1 december 2026" in note.text and note.language == "nl"


def test_someone_else_cannot_change_a_booking_and_stop_keeps_it(sessions):
    chat, other = Chat(sessions, "nl"), Chat(sessions, "nl", name="someone else")
    reference = book_lina(chat, "1/12", "alleen die dag")
    started, text, _ = change(other, reference)
    assert not started and text.startswith(said("nl", "booking_unknown"))
    change(chat, reference)
    chat.through(C, "4/12")
    assert chat.answer(C, "stoppen").status == "stopped"
    assert chat.finish(C)[0].text == said("nl", "kept", reference=reference)
    with sessions() as s:
        assert s.scalar(select(ChildcareBooking.first_day)) == date(2026, 12, 1)


def test_a_booking_that_has_begun_is_not_changed_in_the_chat(sessions, monkeypatch):
    chat = Chat(sessions, "en")
    reference = book_lina(chat, "24/11", "26/11")
    monkeypatch.setattr("core.childcare.rules.today", lambda: date(2026, 11, 25))
    started, text, buttons = change(chat, reference)
    assert not started and text == said("en", "change_started", reference=reference)
    assert buttons[0][1] == "/request_human"


def test_what_the_opening_message_says_is_echoed_then_not_asked(sessions):
    chat = Chat(sessions, "fr")
    chat.start(C, "besoin d'une crèche lundi prochain le matin pour un entretien à Molenbeek")
    check = chat.ask(C)[0].text
    for part in (said("fr", "reason_interview").lower(), "lundi 30 novembre 2026", said("fr", "morning").lower(),
                 "Molenbeek"):
        assert part in check
    chat.through(C, "oui c'est ça", "oui je suis inscrite", "Lina", "14/03/2025")
    # reason, site, day and half-day were given: the Actiris number, then the summary
    assert chat.ask(C)[0].text == said("fr", "actiris_number")
    chat.through(C, "je ne l'ai pas")
    confirm = chat.ask(C)[0].text
    assert "lundi 30 novembre 2026" in confirm and said("fr", "reason_interview") in confirm


def test_the_echoed_opening_can_be_changed(sessions):
    chat = Chat(sessions, "nl")
    chat.start(C, "ik heb kinderopvang nodig vanaf 1/12 want ik begin te werken")
    assert "dinsdag 1 december 2026" in chat.ask(C)[0].text
    chat.through(C, "nee", "ja")
    assert chat.ask(C)[0].text == said("nl", "reason"), "everything is asked again"


def test_a_day_from_the_opening_message_is_asked_again_when_the_chosen_site_is_closed_then(sessions, monkeypatch):
    data = content.sites_content()
    site_key, site = next(iter(data.sites.items()))
    closed = site.model_copy(update={"closed_dates": [date(2026, 11, 30)]})
    monkeypatch.setattr("core.childcare.content.sites_content",
                        lambda: data.model_copy(update={"sites": {**data.sites, site_key: closed}}))
    chat = Chat(sessions, "en")
    chat.start(C, "I need childcare from next Monday, I start a new job")
    chat.through(C, "yes", "yes", "Noah", "01/02/2026")
    result = chat.answer(C, site.commune)
    assert result.messages[0].text == said("en", "date_closed", date="Monday 30 November 2026")
    assert chat.ask(C)[0].text == said("en", "first_day")


def test_a_child_too_old_on_the_day_of_the_opening_message_is_told(sessions):
    chat = Chat(sessions, "en")
    chat.start(C, "childcare on 30/11 for my job interview please")
    chat.through(C, "yes", "yes", "Sam")
    assert chat.answer(C, "25/11/2023").status == "done"  # 2 today, 3 on 30 November 2026
    told = chat.finish(C)[0].text
    assert told == said("en", "too_old", date="Monday 30 November 2026", name="Sam")


def test_a_change_without_a_reference_takes_the_only_booking_that_can_be_changed(sessions):
    chat = Chat(sessions, "fr")
    reference = book_lina(chat, "1/12", "ce jour-là")
    with sessions() as s:
        state, (text, _buttons) = bookings.start_change(s, chat.id, None, "fr")
    assert state is not None and state["reference"] == reference
    assert reference in text


def test_a_reference_typed_in_a_message_names_the_booking(sessions):
    chat = Chat(sessions, "en")
    reference = book_lina(chat, "1/12", "Only that day")
    book_lina(chat, "2/12", "Only that day")
    with sessions() as s:
        assert bookings.reference_in(s, chat.id, f"please change booking {reference.lower()}") == reference
        assert bookings.reference_in(s, chat.id, "please change my booking") is None
        # two bookings and none named: the list, to choose one
        state, (text, _buttons) = bookings.start_change(s, chat.id, None, "en")
    assert state is None and said("en", "bookings_title") in text
