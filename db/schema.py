"""The tables every show is recorded into.

Core ``Table`` objects, not ORM classes: the console writes in batches
(Core ``insert`` with a list of dicts runs ~15x faster than ORM ``add_all``,
see ENVIRONMENT.md) and the review reads with plain selects.

Times are Unix seconds (float, wall clock) so that rooms on several machines
line up in one team database. Show and incident ids are UUID strings made by
the console, so a row can be referenced before it is committed and rooms never
collide. Secrets (the OBS password, the intake token) have no column anywhere.

Any change here needs a new migration in ``db/migrations/versions``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: One run of a script: a live show, a rehearsal or a headless run.
shows = Table(
    "shows",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("title", Text, nullable=False),
    Column("kind", String(16), nullable=False),  # live | rehearsal
    Column("room", Text, nullable=False, default=""),
    Column("anchor", Text),
    Column("script_path", Text),
    Column("script_sha256", String(64)),
    Column("script_text", Text),  # the YAML as run, so the review needs no file
    Column("obs_url", Text),
    Column("speed", Float, nullable=False, default=1.0),
    Column("started_at", Float, nullable=False),
    Column("ended_at", Float),
    Column("status", String(16), nullable=False),  # running | ended | ended_early
    Column("heartbeat_at", Float),  # last sign of life, for crash detection and the rooms wall
    Column("state", JSON),  # latest live summary (module, over/under, health) for the wall
    Index("ix_shows_status", "status"),  # the wall and the recovery finder select running shows
)

#: The plan: one row per module of the script, in run order.
planned_modules = Table(
    "planned_modules",
    metadata,
    Column("show_id", String(36), ForeignKey("shows.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("module_id", String(64), nullable=False),
    Column("type", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("planned_s", Float, nullable=False),
)

#: The reality: each time a module was on (a module entered twice has two rows).
module_runs = Table(
    "module_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("show_id", String(36), ForeignKey("shows.id", ondelete="CASCADE"), nullable=False),
    Column("module_id", String(64), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("started_at", Float, nullable=False),
    Column("ended_at", Float),
    Index("ix_module_runs_show", "show_id", "started_at"),
)

#: Everything the operator commanded (next, hold, extend, switch, …).
operator_commands = Table(
    "operator_commands",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("show_id", String(36), ForeignKey("shows.id", ondelete="CASCADE"), nullable=False),
    Column("ts", Float, nullable=False),
    Column("command", String(32), nullable=False),
    Column("args", JSON),
    Column("who", Text),
    Index("ix_operator_commands_show", "show_id", "ts"),
)

#: Each cue of the script and what became of it.
cue_results = Table(
    "cue_results",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("show_id", String(36), ForeignKey("shows.id", ondelete="CASCADE"), nullable=False),
    Column("module_id", String(64), nullable=False),
    Column("cue_index", Integer, nullable=False),
    Column("action", String(32), nullable=False),
    Column("at_s", Float, nullable=False),  # offset in the module
    Column("ts", Float, nullable=False),  # when it fired / was skipped / was missed
    Column("status", String(16), nullable=False),  # fired | failed | skipped | missed
    Column("error", Text),
    Column("detail", JSON),
    Index("ix_cue_results_show", "show_id", "ts"),
)

#: Every request the console sent to OBS, with its result and latency.
obs_actions = Table(
    "obs_actions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("show_id", String(36)),
    Column("ts", Float, nullable=False),
    Column("origin", String(16), nullable=False),  # operator | cue | playbook | console | cli
    Column("request", String(64), nullable=False),
    Column("params", JSON),
    Column("ok", Boolean, nullable=False),
    Column("code", Integer),
    Column("comment", Text),
    Column("latency_ms", Float),
    Index("ix_obs_actions_show", "show_id", "ts"),
)

#: Every change of the OBS connection state.
connection_events = Table(
    "connection_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("show_id", String(36)),
    Column("ts", Float, nullable=False),
    Column("obs_url", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("reason", Text),
    Index("ix_connection_events_show", "show_id", "ts"),
)

#: Accepted audience events (CONTRACTS.md §3), one row each.
audience_events = Table(
    "audience_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("show_id", String(36), ForeignKey("shows.id", ondelete="CASCADE"), nullable=False),
    Column("ts", Float, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("module_id", String(64)),  # the module actually running at ts
    Column("data", JSON, nullable=False),  # the event as received (validated)
    Index("ix_audience_events_show", "show_id", "ts"),
)

#: Numeric time series: OBS health, KPI snapshots, audio levels.
samples = Table(
    "samples",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("show_id", String(36), nullable=False),
    Column("ts", Float, nullable=False),
    # "audio." + an OBS input name, which may be long: TEXT (migration 0004). SQLite keeps VARCHAR(64),
    # a width it never enforces, so its files are not rewritten.
    Column("series", Text().with_variant(String(64), "sqlite"), nullable=False),
    Column("value", Float),
    Index("ix_samples_show", "show_id", "series", "ts"),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("show_id", String(36)),
    Column("playbook_id", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("severity", String(16), nullable=False),
    Column("drill", Boolean, nullable=False, default=False),
    Column("state", String(16), nullable=False),  # open | acknowledged | resolved
    Column("module_id", String(64)),
    Column("opened_at", Float, nullable=False),
    Column("acknowledged_at", Float),
    Column("resolved_at", Float),
    Column("detail", JSON),
    Index("ix_incidents_show", "show_id", "opened_at"),
)

#: The incident timeline: trigger, each step and its result, acks, checks, escalations.
incident_entries = Table(
    "incident_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(36), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    Column("ts", Float, nullable=False),
    Column("kind", String(16), nullable=False),  # trigger | step | ack | check | escalate | resolve | note
    Column("text", Text, nullable=False),
    Column("ok", Boolean),
    Column("error", Text),
    Column("who", Text),
    Column("module_id", String(64)),
    Column("detail", JSON),
    Index("ix_incident_entries_incident", "incident_id", "ts"),
)


#: Sign-offs of scripts with medical or false-claims wording (console.commerce.approval): the SHA-256 of the
#: exact text approved, so an edit voids it; ``hits`` lists what was approved.
script_approvals = Table(
    "script_approvals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False),
    Column("script_path", Text),
    Column("title", Text),
    Column("approved_by", Text, nullable=False),
    Column("approved_at", Float, nullable=False),
    Column("hits", JSON),
    Index("ix_script_approvals_sha256", "sha256"),
)
