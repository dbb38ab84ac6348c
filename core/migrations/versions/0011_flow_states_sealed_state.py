"""flow_states.sealed_state: the encrypted state of a questionnaire whose answers are
health data, in a column of its own (an encrypted column like the others, so that key
rotation finds it); the token already stored as {"sealed": token} in ``state`` moves there.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 14:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TABLE = sa.table('flow_states', sa.column('conversation_id', sa.String), sa.column('flow', sa.String),
                 sa.column('state', sa.JSON), sa.column('sealed_state', sa.Text))


def upgrade() -> None:
    with op.batch_alter_table('flow_states') as batch:
        batch.add_column(sa.Column('sealed_state', sa.Text(), nullable=True))
    connection = op.get_bind()
    for conversation_id, flow, state in connection.execute(
            sa.select(TABLE.c.conversation_id, TABLE.c.flow, TABLE.c.state)).all():
        if isinstance(state, dict) and isinstance(state.get('sealed'), str):
            connection.execute(sa.update(TABLE).where(TABLE.c.conversation_id == conversation_id,
                                                      TABLE.c.flow == flow)
                               .values(state={}, sealed_state=state['sealed']))


def downgrade() -> None:
    connection = op.get_bind()
    for conversation_id, flow, sealed in connection.execute(
            sa.select(TABLE.c.conversation_id, TABLE.c.flow, TABLE.c.sealed_state)
            .where(TABLE.c.sealed_state.is_not(None))).all():
        connection.execute(sa.update(TABLE).where(TABLE.c.conversation_id == conversation_id,
                                                  TABLE.c.flow == flow)
                           .values(state={'sealed': sealed}))
    with op.batch_alter_table('flow_states') as batch:
        batch.drop_column('sealed_state')
