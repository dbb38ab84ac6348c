"""conversations.forget_pending: Rasa's tracker still to be emptied after an erasure

Set when Rasa could not be reached right after a person erased their data; the gateway
empties the tracker before the conversation's next message reaches Rasa (bot/gateway.py).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 23:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('forget_pending', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_column('forget_pending')
