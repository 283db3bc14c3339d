"""show_kpi_summaries: each ended show's KPIs per scope, for the room's benchmark (targets issue).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "show_kpi_summaries",
        sa.Column("show_id", sa.String(36), sa.ForeignKey("shows.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("scope", sa.String(32), primary_key=True),
        sa.Column("kpi", sa.String(32), primary_key=True),
        sa.Column("value", sa.Float),
    )


def downgrade() -> None:
    op.drop_table("show_kpi_summaries")
