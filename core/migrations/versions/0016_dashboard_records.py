"""What the staff dashboards count and the database did not keep: no-shows of childcare,
the week of the anonymous pathway tallies, trainings suggested and opened, questionnaire
steps, and the messages the assistant did not understand; the messages by their moment,
and their counts per past day.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 07:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('childcare_booking_days') as batch:
        batch.add_column(sa.Column('no_show', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table('pathway_week_tallies',
    sa.Column('milestone', sa.String(length=20), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('milestone', 'week')
    )
    op.create_table('training_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('module_key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_training_events_at', 'training_events', ['at', 'kind'], unique=False)
    op.create_table('questionnaire_steps',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('flow', sa.String(length=16), nullable=False),
    sa.Column('run', sa.String(length=32), nullable=False),
    sa.Column('step', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_questionnaire_steps_flow', 'questionnaire_steps', ['flow', 'at'], unique=False)
    op.create_index('ix_questionnaire_steps_at', 'questionnaire_steps', ['at'], unique=False)
    op.create_index('ix_messages_created_at', 'messages', ['created_at'], unique=False)
    op.create_table('message_counts',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'channel', 'language')
    )
    op.create_table('unrecognised_messages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=True),
    sa.Column('flow', sa.String(length=16), nullable=True),
    sa.Column('step', sa.String(length=40), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_unrecognised_messages_at', 'unrecognised_messages', ['at'], unique=False)
    op.create_index(op.f('ix_unrecognised_messages_conversation_id'), 'unrecognised_messages', ['conversation_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_unrecognised_messages_conversation_id'), table_name='unrecognised_messages')
    op.drop_index('ix_unrecognised_messages_at', table_name='unrecognised_messages')
    op.drop_table('unrecognised_messages')
    op.drop_table('message_counts')
    op.drop_index('ix_messages_created_at', table_name='messages')
    op.drop_index('ix_questionnaire_steps_at', table_name='questionnaire_steps')
    op.drop_index('ix_questionnaire_steps_flow', table_name='questionnaire_steps')
    op.drop_table('questionnaire_steps')
    op.drop_index('ix_training_events_at', table_name='training_events')
    op.drop_table('training_events')
    op.drop_table('pathway_week_tallies')
    with op.batch_alter_table('childcare_booking_days') as batch:
        batch.drop_column('no_show')
