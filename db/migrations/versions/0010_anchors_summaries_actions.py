"""Anchors, per-show summaries for the period views, and PDCA action items (issue 17).

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A module may name its own anchor (dual anchors, an expert guest); NULL: the show's.
    op.add_column("planned_modules", sa.Column("anchor", sa.Text()))
    op.create_table(
        "anchors",
        sa.Column("name", sa.Text().with_variant(sa.String(128), "sqlite"), nullable=False),
        sa.Column("tier", sa.String(16), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("joined", sa.String(10)),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_anchors"),
    )
    op.create_table(
        "show_summaries",
        sa.Column("show_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("room", sa.Text(), nullable=False),
        sa.Column("anchor", sa.Text()),
        sa.Column("started_at", sa.Float(), nullable=False),
        sa.Column("actual_s", sa.Float(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in (
            "reach", "entries", "interacting_users", "comments", "orders", "refunds")),
        sa.Column("gmv", sa.Float(), nullable=False),
        sa.Column("module_runs", sa.Integer(), nullable=False),
        sa.Column("over_under_abs_s", sa.Float(), nullable=False),
        sa.Column("incidents", sa.Integer(), nullable=False),
        sa.Column("incident_ack_s", sa.Float(), nullable=False),
        sa.Column("incidents_acked", sa.Integer(), nullable=False),
        sa.Column("stream_down_s", sa.Float(), nullable=False),
        sa.Column("compliance_hits", sa.Integer(), nullable=False),
        sa.Column("drills", sa.Integer(), nullable=False),
        sa.Column("drill_ack_s", sa.Float(), nullable=False),
        sa.Column("drills_acked", sa.Integer(), nullable=False),
        sa.Column("detail", sa.JSON()),
        sa.ForeignKeyConstraint(["show_id"], ["shows.id"], name="fk_show_summaries_show_id_shows", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("show_id", name="pk_show_summaries"),
    )
    op.create_index("ix_show_summaries_started", "show_summaries", ["started_at"])
    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("from_show_id", sa.String(36), nullable=False),
        sa.Column("room", sa.Text(), nullable=False),
        sa.Column("anchor", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kpi", sa.String(32), nullable=False),
        sa.Column("module_type", sa.String(16)),
        sa.Column("bound", sa.String(3), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("created_by", sa.Text()),
        sa.ForeignKeyConstraint(["from_show_id"], ["shows.id"], name="fk_action_items_from_show_id_shows",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_action_items"),
    )
    op.create_index("ix_action_items_room", "action_items", ["room", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_action_items_room", table_name="action_items")
    op.drop_table("action_items")
    op.drop_index("ix_show_summaries_started", table_name="show_summaries")
    op.drop_table("show_summaries")
    op.drop_table("anchors")
    with op.batch_alter_table("planned_modules") as batch:
        batch.drop_column("anchor")
