"""Adjustment rules and after-show follow-ups (issue 15 points 3 and 4): tables rule_events and follow_ups.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rule_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("show_id", sa.String(36), nullable=False),
        sa.Column("ts", sa.Float(), nullable=False),
        sa.Column("rule_id", sa.String(64), nullable=False),
        sa.Column("proposal", sa.Integer()),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("metric", sa.String(32), nullable=False),
        sa.Column("value", sa.Float()),
        sa.Column("action", sa.JSON(), nullable=False),
        sa.Column("module_id", sa.String(64)),
        sa.Column("who", sa.Text()),
        sa.Column("detail", sa.JSON()),
        sa.PrimaryKeyConstraint("id", name="pk_rule_events"),
    )
    op.create_index("ix_rule_events_show", "rule_events", ["show_id", "ts"])
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("show_id", sa.String(36), nullable=False),
        sa.Column("incident_id", sa.String(36)),
        sa.Column("playbook_id", sa.String(64)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("due_at", sa.Float(), nullable=False),
        sa.Column("done_at", sa.Float()),
        sa.Column("done_by", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_follow_ups"),
    )
    op.create_index("ix_follow_ups_show", "follow_ups", ["show_id", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_follow_ups_show", table_name="follow_ups")
    op.drop_table("follow_ups")
    op.drop_index("ix_rule_events_show", table_name="rule_events")
    op.drop_table("rule_events")
