"""Echoing back what the opening message already said ("Dutch — right?"), so that the
person can correct it before it is taken as their answer."""

from core.questionnaire.contract import Choice, Outgoing, button, choose
from core.questionnaire.texts import TEXTS

CHECK = "opening_check"  # the question that echoes the opening message back


def check_choices() -> list[Choice]:
    """Yes; or no, to change it (the everyday words of yes and no come with the values)."""
    return [Choice.of("yes", TEXTS.everywhere("b_right")),
            Choice.of("no", [*TEXTS.everywhere("b_change"), "changer", "modifier", "wijzigen", "aanpassen",
                             "veranderen", "change it", "that's wrong", "c'est faux", "klopt niet"])]


def check_prompt(language: str, understood: list[str]) -> Outgoing:
    """"I understood: Dutch, online. Is that right?" with Yes and Change."""
    return Outgoing(TEXTS(language, "opening_check", what=", ".join(understood)), [
        button(TEXTS(language, "b_right"), choose("yes")), button(TEXTS(language, "b_change"), choose("no"))])
