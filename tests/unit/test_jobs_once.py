"""Background jobs (reminders, purges, handover timeouts) run in one replica at a time:
on PostgreSQL the second transaction that wants the same job skips its round."""

from core.db import exclusive, session_factory


def test_one_transaction_at_a_time_does_a_job(database_url):
    factory = session_factory(database_url)
    try:
        with factory.begin() as first:
            assert exclusive(first, "Retention")
            with factory.begin() as second:
                postgres = second.get_bind().dialect.name == "postgresql"
                assert exclusive(second, "Retention") is not postgres, "another replica skips its round"
                assert exclusive(second, "Reminders"), "another job is free"
        with factory.begin() as later:
            assert exclusive(later, "Retention"), "free again once the first has committed"
    finally:
        factory.kw["bind"].dispose()
