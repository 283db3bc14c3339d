"""Indexes the review and the rooms wall read by: every per-show table by (show_id, time).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_operator_commands_show", "operator_commands", ["show_id", "ts"]),
    ("ix_cue_results_show", "cue_results", ["show_id", "ts"]),
    ("ix_connection_events_show", "connection_events", ["show_id", "ts"]),
    ("ix_incidents_show", "incidents", ["show_id", "opened_at"]),
    ("ix_incident_entries_incident", "incident_entries", ["incident_id", "ts"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
