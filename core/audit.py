"""The audit log: who listed, read, changed or exported personal data, and when.

A row names the account, the action and the record, never the data itself, so that the
log can be kept longer than the data and shown to whoever checks access.
"""

from sqlalchemy.orm import Session

from core.models import AuditLog

SYSTEM = "system"  # the account of commands (e.g. the purge)


def write(session: Session, account: str, action: str, record_type: str,
          record_id: str | None = None, detail: str | None = None) -> AuditLog:
    """Add one row, in the caller's transaction: no row when the action fails."""
    row = AuditLog(account=account, action=action, record_type=record_type, record_id=record_id,
                   detail=detail[:200] if detail else None)
    session.add(row)
    return row
