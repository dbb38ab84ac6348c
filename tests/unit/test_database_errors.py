"""A database error names the statement, never the values: what a person typed stays out
of error messages and logs."""

import pytest
from sqlalchemy.exc import IntegrityError

from core import conversations
from core.models import Conversation


def test_a_database_error_does_not_carry_what_the_person_wrote(sessions):
    secret = "Mon fils Théo a une épilepsie"
    with sessions.begin() as s:
        first = conversations.create(s, "web", "same-person")
    with pytest.raises(IntegrityError) as raised, sessions.begin() as s:
        s.add(Conversation(id=first.id, channel="web", external_id=secret))
        s.flush()
    assert secret not in str(raised.value)
    assert "hidden due to hide_parameters" in str(raised.value)
