"""Recorded shows for the review tests and benchmark, written by the real recording code.

The plan, the actual timeline, operator commands and cue results come from a
real :class:`ShowRuntime` driven with explicit instants (no sleeping); OBS
actions go through the real :class:`ObsJournal`; audience events, samples and
incidents are written through the real :class:`Recorder` into the tables of
``db.schema``, with each event attributed to the module actually running
(``runtime.module_at_unix``), as the audience intake does.

The small show (:func:`record_small_show`) has, on purpose: a module that ran
over (``product`` extended by 30 s), a module with no viewers events
(``interaction``: entries 0; its reach is the audience present when it began), a refund, a duplicate
order event, a comment ``<script>alert(1)</script>`` and HTML-ish text in the
title, a module title, a nickname and an incident, banned wording in a
comment, two incidents with full timelines and OBS health samples.
"""

from __future__ import annotations

import dataclasses
import math
import uuid
from concurrent.futures import Future
from typing import Any

from console.audience.events import parse_object
from console.audience.pipeline import AudiencePipeline
from console.events import Signal
from console.obs.actions import ActionOutcome
from console.obs.journal import ObsJournal
from console.obs.model import ObsResult
from console.recording import Recorder
from console.show.run_of_show import RunOfShow
from console.show.loader import load_script_text
from console.show.runtime import ShowRuntime
from db import schema

UNIX_START = 1_800_000_000.0

SCRIPT = """\
version: 1
show:
  title: "秋冬 <修护> & 专场"
  anchor: 小雅
  scenes:
    wide: 机位A 全景
    closeup: 机位B 特写
    product: 机位C 产品台
    standby: 稍后回来
products:
  - {sku: A-1001, name: 修护精华液 30ml, price: 299, live_price: 249, stock: 500}
modules:
  - id: opening
    type: opening
    title: 开场
    duration: 60s
    scene: wide
    talking_points: 欢迎来到直播间。
    cues:
      - {at: 10s, do: show_text, source: 字幕条, text: 欢迎来到直播间}
      - {at: 30s, do: switch_scene, scene: closeup}
    end: advance
  - id: product
    type: explanation
    title: "精华液 <b>讲解</b>"
    duration: 2m
    scene: product
    products: [A-1001]
    talking_points: 这款精华液适合秋冬干燥的皮肤。
    cues:
      - {at: 0, do: show_source, source: 倒计时}
      - {at: 90s, do: note, text: 提醒主播讲库存}
    end: advance
  - id: interaction
    type: interaction
    title: 互动抽奖
    duration: 60s
    scene: wide
    talking_points: 评论区扣1参与抽奖。
    end: advance
  - id: closing
    type: closing
    title: 收尾
    duration: 30s
    scene: wide
    talking_points: 感谢大家的陪伴，我们下次见。
    cues:
      - {at: 5s, do: show_text, source: 字幕条, text: 下次见}
    end: advance
"""

#: Times of the small live show, in show seconds: opening 0–60, product
#: 60–210 (planned 120, extended by 30), interaction 210–270, closing 270–300.
SMALL_SHOW_EVENTS: list[dict[str, Any]] = [
    {"t": 0, "kind": "viewers", "online": 100, "entered": 100},
    {"t": 5, "kind": "comment", "user": "u1", "text": "来了来了", "nick": "小明"},
    {"t": 8, "kind": "comment", "user": "u2", "text": "<script>alert(1)</script>", "nick": "<b>evil</b>"},
    {"t": 10, "kind": "like", "count": 30, "user": "u3"},
    {"t": 20, "kind": "follow", "user": "u4"},
    {"t": 30, "kind": "viewers", "online": 150, "entered": 70},
    {"t": 40, "kind": "comment", "user": "u1", "text": "这是最好的精华吗？加微信", "nick": "小明"},
    {"t": 45, "kind": "share", "count": 2, "user": "u5"},
    {"t": 60, "kind": "viewers", "online": 180, "entered": 50},
    {"t": 70, "kind": "product_click", "sku": "A-1001", "count": 12},
    {"t": 80, "kind": "order", "order_id": "o1", "sku": "A-1001", "qty": 1, "amount": 249.0, "user": "u1"},
    {"t": 90, "kind": "order", "order_id": "o2", "sku": "A-1001", "qty": 2, "amount": 498.0, "user": "u6"},
    {"t": 95, "kind": "gift", "user": "u7", "value": 10.0},
    {"t": 100, "kind": "comment", "user": "u6", "text": "已下单", "nick": "阿六"},
    {"t": 120, "kind": "viewers", "online": 120, "entered": 30},
    {"t": 150, "kind": "like", "count": 5},
    {"t": 160, "kind": "order", "order_id": "o3", "sku": "A-1001", "qty": 1, "amount": 249.0, "user": "u8"},
    {"t": 170, "kind": "refund", "order_id": "o2", "amount": 498.0},
    {"t": 180, "kind": "order", "order_id": "o4", "sku": "A-1001", "qty": 1, "amount": 249.0, "user": "u9"},
    {"t": 200, "kind": "mystery", "what": "an unknown kind is stored, never counted"},
    # interaction (210–270): no viewers event, but a comment and likes
    {"t": 215, "kind": "comment", "user": "u10", "text": "扣1", "nick": "十号"},
    {"t": 220, "kind": "like", "count": 7, "user": "u10"},
    {"t": 240, "kind": "comment", "user": "u1", "text": "1", "nick": "小明"},
    # closing (270–300)
    {"t": 272, "kind": "viewers", "online": 60, "entered": 5},
    {"t": 280, "kind": "comment", "user": "u11", "text": "下次见 & 再见 <3", "nick": "十一"},
    {"t": 285, "kind": "order", "order_id": "o5", "sku": "A-1001", "qty": 1, "amount": 249.0, "user": "u11"},
]

#: Health series sampled at 1 Hz, as the OBS health monitor records them.
HEALTH_SERIES = ("fps", "cpu", "render_dropped_ratio", "bitrate_kbps")


@dataclasses.dataclass(frozen=True)
class RecordedShow:
    show_id: str
    unix_start: float
    script_sha256: str | None
    events: list[Any]  # the typed §3 events as recorded, in time order (ts in Unix seconds)


class FakeObsClient:
    """Just enough of ObsClient for ShowRuntime and ObsJournal: state, url and the two journal signals."""

    def __init__(self) -> None:
        self.state = "ok"
        self.url = "ws://127.0.0.1:4455"
        self.action_finished = Signal("FakeObsClient.action_finished")
        self.state_changed = Signal("FakeObsClient.state_changed")


def _perform_ok(client: Any, action: dict[str, Any], *, roles: dict[str, str], origin: str) -> Future:
    """OBS accepts every action at once (the recorded obs_actions are written from the cue results)."""
    future: Future = Future()
    future.set_result(ActionOutcome(True, None))
    return future


def load_fixture_script(text: str = SCRIPT):
    result = load_script_text(text, "review_fixture.yaml")
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.script


def _run_show(engine_db: Any, recorder: Recorder, script: Any, *, kind: str, show_id: str, unix_start: float,
              extend: tuple[tuple[float, float], ...] = (), with_obs: bool = True) -> ShowRuntime:
    """Run ``script`` to its end with explicit instants; ``extend`` is ((show t, seconds), ...)."""
    client = FakeObsClient() if with_obs else None
    runtime = ShowRuntime(script, RunOfShow(script), client, recorder, show_id=show_id, clock=lambda: unix_start,
                          kind=kind, speed=1.0, obs_url=client.url if client else None, perform=_perform_ok)
    journal = ObsJournal(client, recorder, lambda: show_id) if client is not None else None  # type: ignore[arg-type]
    wall0 = 1000.0
    runtime.start(wall0, who="operator")
    for at, seconds in extend:
        runtime.tick(wall0 + at)
        runtime.extend(wall0 + at, seconds, who="operator")
    horizon = sum(m.duration for m in script.modules) + sum(s for _, s in extend) + 5
    t = 0.0
    while not runtime.ended and t <= horizon:
        t += 1.0
        runtime.tick(wall0 + t)
    assert runtime.ended, "the fixture show must run to its end"
    runtime.wait_idle(5)
    if client is not None:
        # What OBS answered for each scene switch, through the real journal.
        for result in runtime.results:
            if result.action.get("do") == "switch_scene" and result.status == "fired":
                scene = script.show.scenes.get(result.action.get("scene"), result.action.get("scene"))
                client.action_finished.emit(ObsResult("SetCurrentProgramScene", {"sceneName": scene}, True, {}, 100,
                                                      None, 0.4, result.ts, "cue"))
        journal.close()  # type: ignore[union-attr]
    return runtime


def _record_events(runtime: ShowRuntime, recorder: Recorder, show_id: str, unix_start: float,
                   events: list[dict[str, Any]]) -> list[Any]:
    """Validate the replay events (CONTRACTS.md §3) and record them through the real audience pipeline."""
    typed = []
    for event in events:
        data = {k: v for k, v in event.items() if k != "t"}
        typed.append(parse_object({"ts": unix_start + event["t"], **data}))
    pipeline = AudiencePipeline(recorder, show_id, runtime.module_at_unix)
    pipeline.submit(typed).result(10)
    return typed


def _health_rows(show_id: str, unix_start: float, seconds: int) -> list[dict[str, Any]]:
    rows = []
    for second in range(seconds):
        ts = unix_start + second
        rows.append({"show_id": show_id, "ts": ts, "series": "fps", "value": 30.0 if second % 97 else 24.0})
        rows.append({"show_id": show_id, "ts": ts, "series": "cpu", "value": 20.0 + 10 * math.sin(second / 30)})
        rows.append({"show_id": show_id, "ts": ts, "series": "render_dropped_ratio", "value": 0.0 if second < 150 else 0.02})
        rows.append({"show_id": show_id, "ts": ts, "series": "bitrate_kbps",
                     "value": None if second == 3 else 4500.0 + (second % 10)})
    return rows


def _incident_rows(show_id: str, unix_start: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    first, second = f"{show_id}-inc-1", f"{show_id}-inc-2"
    incidents = [
        {"id": first, "show_id": show_id, "playbook_id": "stream-drop", "title": "推流中断 <stream> & 重连",
         "severity": "critical", "drill": False, "state": "resolved", "module_id": "product",
         "opened_at": unix_start + 100, "acknowledged_at": unix_start + 104.5, "resolved_at": unix_start + 130,
         "detail": {"detector": "stream_down"}},
        {"id": second, "show_id": show_id, "playbook_id": "banned-word", "title": "违规用语",
         "severity": "warning", "drill": False, "state": "acknowledged", "module_id": "opening",
         "opened_at": unix_start + 40, "acknowledged_at": unix_start + 52, "resolved_at": None, "detail": None},
    ]
    entries = [
        {"incident_id": first, "ts": unix_start + 100, "kind": "trigger", "text": "stream_down for 3s", "who": "system"},
        {"incident_id": first, "ts": unix_start + 100.2, "kind": "step", "text": "switch_scene standby", "ok": True,
         "who": "playbook"},
        {"incident_id": first, "ts": unix_start + 101, "kind": "step", "text": "restart_stream", "ok": False,
         "error": "OBS refused: <output busy>", "who": "playbook"},
        {"incident_id": first, "ts": unix_start + 104.5, "kind": "ack", "text": "acknowledged", "who": "导播"},
        {"incident_id": first, "ts": unix_start + 120, "kind": "check", "text": "通知主播", "ok": True, "who": "导播"},
        {"incident_id": first, "ts": unix_start + 130, "kind": "resolve", "text": "condition cleared", "who": "system"},
        {"incident_id": second, "ts": unix_start + 40, "kind": "trigger", "text": "加微信 in a comment", "who": "system"},
        {"incident_id": second, "ts": unix_start + 52, "kind": "ack", "text": "acknowledged", "who": "场控"},
    ]
    # Every row carries every column: one executemany takes its columns from the first row.
    columns = ("incident_id", "ts", "kind", "text", "ok", "error", "who", "module_id", "detail")
    return incidents, [{column: entry.get(column) for column in columns} for entry in entries]


def record_small_show(engine_db: Any, *, kind: str = "live", show_id: str | None = None,
                      unix_start: float = UNIX_START, overrun_s: float = 30.0,
                      events: list[dict[str, Any]] | None = None, script_text: str = SCRIPT) -> RecordedShow:
    """Record the small show (see the module docstring) into ``engine_db`` and return what went in."""
    show_id = show_id or str(uuid.uuid4())
    script = load_fixture_script(script_text)
    recorder = Recorder(engine_db)
    try:
        extend = ((70.0, overrun_s),) if overrun_s else ()
        runtime = _run_show(engine_db, recorder, script, kind=kind, show_id=show_id, unix_start=unix_start,
                            extend=extend, with_obs=kind == "live")
        typed = _record_events(runtime, recorder, show_id, unix_start,
                               SMALL_SHOW_EVENTS if events is None else events)
        if kind == "live":
            # The same order event delivered twice (a platform retry).
            duplicate = next(e for e in typed if e.kind == "order")
            _record_events(runtime, recorder, show_id, 0.0,
                           [{"t": duplicate.ts, "kind": "order", **duplicate.to_data()}])
            typed.append(duplicate)
        length = int(sum(m.duration for m in script.modules) + overrun_s)
        recorder.write(schema.samples, _health_rows(show_id, unix_start, length))
        if kind == "live":
            incidents, entries = _incident_rows(show_id, unix_start)
            recorder.write(schema.incidents, incidents)
            recorder.write(schema.incident_entries, entries)
        recorder.flush()
    finally:
        recorder.close()
    sha = None
    from sqlalchemy import select

    with engine_db.connect() as connection:
        sha = connection.scalar(select(schema.shows.c.script_sha256).where(schema.shows.c.id == show_id))
    return RecordedShow(show_id, unix_start, sha, sorted(typed, key=lambda e: e.ts))


# ---------------------------------------------------------------- the 4-hour show of the benchmark
def large_script_text(modules: int = 24, minutes: int = 10) -> str:
    types = ("opening", "explanation", "interaction", "conversion", "break", "closing")
    lines = ["version: 1", "show:", "  title: 四小时大促专场", "  scenes:", "    wide: 机位A 全景", "modules:"]
    for index in range(modules):
        lines += [f"  - id: m{index:02d}", f"    type: {types[index % len(types)]}", f"    title: 模块 {index}",
                  f"    duration: {minutes}m", "    scene: wide", "    talking_points: 讲解。",
                  "    cues:", "      - {at: 60s, do: note, text: 提醒}", "    end: advance"]
    return "\n".join(lines) + "\n"


def record_large_show(engine_db: Any, *, hours: float = 4.0, series: int = 20, comments: int = 100_000,
                      orders: int = 2_000, incidents: int = 50, show_id: str = "bench-show",
                      unix_start: float = UNIX_START) -> dict[str, int]:
    """The benchmark's show: ``series`` series at 1 Hz, the given numbers of comments, orders, incidents."""
    import random

    rng = random.Random(7)
    seconds = int(hours * 3600)
    modules = 24
    script = load_fixture_script(large_script_text(modules, int(hours * 60 / modules)))
    recorder = Recorder(engine_db)
    counts: dict[str, int] = {}
    try:
        runtime = _run_large(recorder, script, show_id, unix_start)
        module_at = runtime.module_at_unix
        from console.audience import events as ev

        typed: list[Any] = []
        for second in range(0, seconds, 5):
            typed.append(ev.ViewersEvent(unix_start + second, 1000 + rng.randrange(500), rng.randrange(40)))
        words = ["好看", "多少钱", "最好的", "加微信", "已下单", "主播好美", "链接在哪"]
        for index in range(comments):
            typed.append(ev.CommentEvent(unix_start + index * seconds / comments, f"u{rng.randrange(20_000)}",
                                         f"{rng.choice(words)} {index}", f"观众{index % 977}"))
        for index in range(orders):
            typed.append(ev.OrderEvent(unix_start + (index + 0.5) * seconds / orders, f"o{index}", "A-1001", 1, 249.0,
                                       f"u{index}"))
        for index in range(0, orders, 40):
            typed.append(ev.RefundEvent(unix_start + (index + 0.7) * seconds / orders, f"o{index}", 249.0))
        for second in range(0, seconds, 3):
            typed.append(ev.LikeEvent(unix_start + second + 0.5, 1 + rng.randrange(20), f"u{second}"))
        typed.sort(key=lambda e: e.ts)
        counts["audience_events"] = len(typed)
        AudiencePipeline(recorder, show_id, module_at).submit(typed).result(120)
        names = [f"series_{n:02d}" for n in range(series - 4)] + list(HEALTH_SERIES)
        sample_count = 0
        for name in names:
            rows = [{"show_id": show_id, "ts": unix_start + s, "series": name, "value": float(s % 97)}
                    for s in range(seconds)]
            sample_count += len(rows)
            recorder.write(schema.samples, rows)
        counts["samples"] = sample_count
        incident_rows, entry_rows = [], []
        for index in range(incidents):
            opened = unix_start + (index + 0.3) * seconds / incidents
            incident_id = f"{show_id}-inc-{index}"
            incident_rows.append({"id": incident_id, "show_id": show_id, "playbook_id": f"pb-{index % 5}",
                                  "title": f"事故 {index}", "severity": "warning", "drill": False, "state": "resolved",
                                  "module_id": module_at(opened), "opened_at": opened,
                                  "acknowledged_at": opened + 5, "resolved_at": opened + 60, "detail": None})
            for step in range(6):
                entry_rows.append({"incident_id": incident_id, "ts": opened + step * 10, "kind": "step",
                                   "text": f"step {step}", "ok": True, "who": "playbook"})
        recorder.write(schema.incidents, incident_rows)
        recorder.write(schema.incident_entries, entry_rows)
        counts["incidents"] = len(incident_rows)
        counts["incident_entries"] = len(entry_rows)
        recorder.flush(timeout=120)
    finally:
        recorder.close(timeout=120)
    return counts


def _run_large(recorder: Recorder, script: Any, show_id: str, unix_start: float) -> ShowRuntime:
    runtime = ShowRuntime(script, RunOfShow(script), None, recorder, show_id=show_id, clock=lambda: unix_start,
                          kind="rehearsal", speed=1.0, perform=_perform_ok)
    wall0 = 1000.0
    runtime.start(wall0, who="operator")
    t = 0.0
    total = sum(m.duration for m in script.modules)
    while not runtime.ended and t <= total + 10:
        t += 30.0
        runtime.tick(wall0 + t)
    assert runtime.ended
    return runtime
