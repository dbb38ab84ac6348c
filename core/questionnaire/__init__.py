"""The questionnaire engine: one Rasa form (``questionnaire_form``) runs every
questionnaire of the assistant, and this package runs the questionnaire behind it.

A capability implements ``Questionnaire`` (contract.py): its questions, the choices of
each, how an answer is read, what is private, and how it ends. The engine (engine.py)
keeps each questionnaire's state in ``flow_states`` (encrypted for a sealed one), asks
the current question, reads answers (answers.py: a button, its number, its words in
French, Dutch or English), ends the form on "stop" or a request for a counsellor, and
offers a counsellor after two answers it could not use. It imports no capability:
``core.capabilities`` lists the questionnaires by name.
"""

from core.questionnaire.contract import (
    Answer,
    AnswerResult,
    Choice,
    Ending,
    Opening,
    Outgoing,
    Questionnaire,
    Reask,
    Turn,
    button,
    choose,
)

__all__ = ["Answer", "AnswerResult", "Choice", "Ending", "Opening", "Outgoing", "Questionnaire", "Reask", "Turn",
           "button", "choose"]
