"""script_approvals: sign-offs of scripts with medical or false-claims wording (issue 16 point 6).

Revision ID: 0008
Revises: 0007 (the lead re-chains the parallel migrations 0005–0009 at the merge)
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "script_approvals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("script_path", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("approved_by", sa.Text(), nullable=False),
        sa.Column("approved_at", sa.Float(), nullable=False),
        sa.Column("hits", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_script_approvals")),
    )
    op.create_index("ix_script_approvals_sha256", "script_approvals", ["sha256"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_script_approvals_sha256", table_name="script_approvals")
    op.drop_table("script_approvals")
