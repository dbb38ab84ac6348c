"""pathway_registrations.registered_by: self, or helper (someone helping the person)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 00:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pathway_registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registered_by', sa.String(length=8), server_default='self',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('pathway_registrations', schema=None) as batch_op:
        batch_op.drop_column('registered_by')
