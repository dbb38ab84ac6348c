"""sealed texts: pathway answers kept out of Rasa's tracker (core/sealed.py)

body holds a Fernet token (core/crypto.py: EncryptedText), stored as plain text.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 22:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sealed_texts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.String(length=32), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('sealed_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sealed_texts_conversation_id'), ['conversation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sealed_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sealed_texts_conversation_id'))
    op.drop_table('sealed_texts')
