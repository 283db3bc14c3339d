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
    Column("status", String(16), nullable=False),  # open | running | ended | ended_early | not_started
    Column("heartbeat_at", Float),  # last sign of life, for crash detection and the rooms wall
    Column("state", JSON),  # latest live summary (module, over/under, health) for the wall
    # When the audience began to be taken (pre-show, before started_at); None for a show opened at its start.
    Column("opened_at", Float),
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
    Column("anchor", Text),  # the module's own anchor (a guest, dual anchors); NULL: the show's (migration 0010)
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

#: The people who present shows (issue 17). A show names its anchor in ``shows.anchor`` (free text, the
#: script's ``show.anchor``); a row here gives that name a tier, a type and a joining date. Names without a
#: row still get a scorecard (tier unknown).
anchors = Table(
    "anchors",
    metadata,
    Column("name", Text().with_variant(String(128), "sqlite"), primary_key=True),
    Column("tier", String(16), nullable=False, default="novice"),  # novice | intermediate | elite | top
    Column("type", String(16), nullable=False, default="selling"),  # selling | knowledge | entertainment
    Column("joined", String(10)),  # ISO date
    Column("updated_at", Float, nullable=False),
)

#: One row per ended show: the totals the period views (scorecards, the health diagnosis) add up, so a year
#: of shows is read in one select instead of a year of audience events. Written when a show closes and
#: filled in for older shows the first time a period view needs them; ``version`` lets a change of
#: definition recompute the rows it affects.
show_summaries = Table(
    "show_summaries",
    metadata,
    Column("show_id", String(36), ForeignKey("shows.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("computed_at", Float, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("room", Text, nullable=False, default=""),
    Column("anchor", Text),
    Column("started_at", Float, nullable=False),
    Column("actual_s", Float, nullable=False),
    Column("reach", Integer, nullable=False),
    Column("entries", Integer, nullable=False),
    Column("interacting_users", Integer, nullable=False),
    Column("comments", Integer, nullable=False),
    Column("orders", Integer, nullable=False),
    Column("refunds", Integer, nullable=False),
    Column("gmv", Float, nullable=False),
    Column("module_runs", Integer, nullable=False),
    Column("over_under_abs_s", Float, nullable=False),  # Σ |actual − planned| over the modules run
    Column("incidents", Integer, nullable=False),  # real (not drill) incidents
    Column("incident_ack_s", Float, nullable=False),  # Σ acknowledge times of the acknowledged real ones
    Column("incidents_acked", Integer, nullable=False),
    Column("stream_down_s", Float, nullable=False),
    Column("compliance_hits", Integer, nullable=False),  # comments with banned or risky wording
    Column("drills", Integer, nullable=False),
    Column("drill_ack_s", Float, nullable=False),  # Σ acknowledge times of the acknowledged drill incidents
    Column("drills_acked", Integer, nullable=False),
    Column("detail", JSON),  # per-module KPIs, for the action items' checks
    Index("ix_show_summaries_started", "started_at"),
)

#: PDCA: what the team decided after a review, checked against the next show of the same room or anchor.
action_items = Table(
    "action_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("from_show_id", String(36), ForeignKey("shows.id", ondelete="CASCADE"), nullable=False),
    Column("room", Text, nullable=False, default=""),
    Column("anchor", Text),
    Column("text", Text, nullable=False),
    Column("kpi", String(32), nullable=False),
    Column("module_type", String(16)),  # the KPI of this module type's runs; the whole show when empty
    Column("bound", String(3), nullable=False),  # min | max
    Column("target", Float, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("created_by", Text),
    Index("ix_action_items_room", "room", "created_at"),
)

#: Each ended show's KPIs per scope ("TOTAL" or a module type), kept once computed: the room's benchmark
#: (median and top quartile over its last shows, console/targets/benchmark.py) reads these instead of
#: re-reading every event of ten 4-hour shows. Migration 0006.
show_kpi_summaries = Table(
    "show_kpi_summaries",
    metadata,
    Column("show_id", String(36), ForeignKey("shows.id", ondelete="CASCADE"), primary_key=True),
    Column("scope", String(32), primary_key=True),
    Column("kpi", String(32), primary_key=True),
    Column("value", Float),
)

#: Adjustment rules (CONTRACTS §9.2): every proposal, acceptance, dismissal, expiry and automatic action,
#: with the figure that triggered it and who answered (console.rules.session).
rule_events = Table(
    "rule_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("show_id", String(36), nullable=False),
    Column("ts", Float, nullable=False),
    Column("rule_id", String(64), nullable=False),
    Column("proposal", Integer),  # the proposal's number in its show (propose rules)
    Column("event", String(16), nullable=False),  # proposed | accepted | dismissed | expired | applied | failed
    Column("mode", String(16), nullable=False),  # auto | propose
    Column("metric", String(32), nullable=False),
    Column("value", Float),
    Column("action", JSON, nullable=False),
    Column("module_id", String(64)),
    Column("who", Text),
    Column("detail", JSON),
    Index("ix_rule_events_show", "show_id", "ts"),
)

#: After-show follow-ups (the complaint playbook's 48 h / 72 h tasks): open on the show until done.
follow_ups = Table(
    "follow_ups",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("show_id", String(36), nullable=False),
    Column("incident_id", String(36)),
    Column("playbook_id", String(64)),
    Column("text", Text, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("due_at", Float, nullable=False),
    Column("done_at", Float),
    Column("done_by", Text),
    Index("ix_follow_ups_show", "show_id", "due_at"),
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
