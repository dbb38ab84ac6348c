"""pathway_registrations.availability encrypted at rest, like every free text of a
registration (it may say why someone is not free: a treatment, a therapy …)

Values already stored are encrypted here, with the first key of PATHWAY_KEYS (which
must then be set); the column stays TEXT.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 00:40:00
"""
from alembic import op
import sqlalchemy as sa

from core import crypto


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TABLE = sa.table('pathway_registrations', sa.column('id', sa.String), sa.column('availability', sa.Text))


def _convert(change) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(TABLE.c.id, TABLE.c.availability)
                              .where(TABLE.c.availability.is_not(None))).all()
    for row_id, value in rows:
        connection.execute(sa.update(TABLE).where(TABLE.c.id == row_id).values(availability=change(value)))


def upgrade() -> None:
    _convert(crypto.encrypt)


def downgrade() -> None:
    _convert(crypto.decrypt)
