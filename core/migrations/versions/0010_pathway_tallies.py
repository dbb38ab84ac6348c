"""pathway_tallies: how many deleted registrations had reached a module (no personal data)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 01:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pathway_tallies',
    sa.Column('milestone', sa.String(length=20), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('milestone')
    )
    # one row per milestone from the start: a deletion only ever updates (under a row lock)
    tallies = sa.table('pathway_tallies', sa.column('milestone', sa.String), sa.column('count', sa.Integer))
    op.bulk_insert(tallies, [{'milestone': 'in_module', 'count': 0}, {'milestone': 'module_completed', 'count': 0}])


def downgrade() -> None:
    op.drop_table('pathway_tallies')
