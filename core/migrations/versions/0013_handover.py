"""Counsellor handover: requests for a counsellor (the queue), who sent a notification,
the name counsellors show to people.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 21:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('handovers',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('office', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('contact', sa.String(length=64), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('counsellor_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('told_no_answer_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=16), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['counsellor_id'], ['accounts.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_handovers_status', 'handovers', ['status', 'requested_at'], unique=False)
    op.create_index('ix_handovers_conversation', 'handovers', ['conversation_id', 'status'], unique=False)
    with op.batch_alter_table('notifications') as batch:
        batch.add_column(sa.Column('sender', sa.String(length=16), server_default='system', nullable=False))
        batch.add_column(sa.Column('sender_name', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('in_transcript', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('accounts') as batch:
        batch.add_column(sa.Column('display_name', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('accounts') as batch:
        batch.drop_column('display_name')
    with op.batch_alter_table('notifications') as batch:
        batch.drop_column('in_transcript')
        batch.drop_column('sender_name')
        batch.drop_column('sender')
    op.drop_index('ix_handovers_conversation', table_name='handovers')
    op.drop_index('ix_handovers_status', table_name='handovers')
    op.drop_table('handovers')
