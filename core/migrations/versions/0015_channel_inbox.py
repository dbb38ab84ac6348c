"""A delivery of Telegram or WhatsApp keeps what to answer until the message is stored,
so that another replica answers it when the one that took it died.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 06:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('channel_events') as batch:
        batch.add_column(sa.Column('pending', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('channel_events') as batch:
        batch.drop_column('pending')
