"""Adjustment rules: evaluation cost per tick with 50 rules and a 4-hour history (issue 15 point 8).

Two real rehearsal ShowSessions of the same 4.5-hour script, one with 50
rules (every metric, windows from 30 s to 10 min, ``during`` filters, both
modes) and one without. Both are fed the same 4 hours of audience (viewers
every 2 s, ~5 comments/s with 3 % complaints, an order every 4 s) through the
live KPIs — as the pipeline publishes them — and, for the first, the rules'
own feed; the run-of-show ticks along. Then, at the 4-hour point, both run
:data:`TICKS` ticks 100 ms apart, each after publishing that tick's events.

Value: the rules' share of a tick (their feed of the tick's events + their
evaluation), mean over the ticks, in ms. Baseline: the tick of the session
without rules (its run-of-show, sampler and live KPIs), mean, in ms.
Target: value < 1 ms. No database wait is timed: the recorder only queues.

Run: ``python -m tests.bench.bench_rules`` or ``pytest tests/bench/bench_rules.py -s``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from console.audience.events import CommentEvent, OrderEvent, ViewersEvent
from console.recording import Recorder
from console.rules.loader import load_rules_text
from console.rules.session import SessionRules
from console.session import ShowSession
from console.show.loader import load_script_text
from db.engine import open_database

RULES = 50
HISTORY_S = 4 * 3600
TICKS = 3000
TICK_S = 0.1
TARGET_MS = 1.0
UNIX_START = 1_800_000_000.0
TYPES = ("explanation", "interaction", "conversion")
METRICS = (("online_drop_pct", "above", 30), ("comments_per_min", "below", 1), ("orders_per_min", "above", 600),
           ("interaction_rate", "below", 0.0001), ("conversion_rate", "above", 50), ("complaint_rate", "above", 0.5))
WINDOWS = ("30s", "60s", "2m", "5m", "10m")


def script_text() -> str:
    modules = []
    for index in range(54):  # 54 × 5 min = 4.5 h
        kind = TYPES[index % 3]
        modules.append(f"  - {{id: m{index}, type: {kind}, title: 模块{index}, duration: 5m, scene: wide, "
                       f"talking_points: 讲解, end: advance}}")
    return ("version: 1\nshow:\n  title: 四小时专场\n  scenes: {wide: 全景}\nmodules:\n" + "\n".join(modules) + "\n")


def rules_text() -> str:
    lines = ["version: 1", "rules:"]
    for index in range(RULES):
        metric, comparison, bound = METRICS[index % len(METRICS)]
        window = WINDOWS[index % len(WINDOWS)]
        during = f"\n    during: [{TYPES[index % 3]}]" if index % 2 else ""
        mode = "auto" if index % 4 == 0 else "propose"
        lines.append(f"  - id: rule-{index}\n    when: {{metric: {metric}, window: {window}, {comparison}: {bound}, "
                     f"for: {index % 3}m}}{during}\n    do: {{action: note, text: 规则{index}}}\n    mode: {mode}\n"
                     f"    cooldown: 5m")
    return "\n".join(lines) + "\n"


def events_between(start: float, end: float) -> list:
    """The audience of [start, end) show seconds (deterministic)."""
    events = []
    second = int(start * 10)
    while second < int(end * 10):
        t = second / 10
        ts = UNIX_START + t
        if second % 20 == 0:
            events.append(ViewersEvent(ts, online=1000 + (second // 20) % 50, entered=3))
        if second % 2 == 0:
            text = "退款！质量太差" if second % 66 == 0 else "主播这个色号适合黄皮吗"
            events.append(CommentEvent(ts, user=f"u{second % 5000}", text=text))
        if second % 40 == 0:
            events.append(OrderEvent(ts, order_id=f"o{second}", sku="A", qty=1, amount=99.0))
        second += 1
    return events


class Rig:
    def __init__(self, engine, script, ruleset) -> None:
        self.recorder = Recorder(engine)
        self.rules = SessionRules(ruleset) if ruleset is not None else None
        self.session = ShowSession(script, recorder=self.recorder, kind="rehearsal", rules=self.rules,
                                   clock=lambda: UNIX_START)
        self.session.start(0.0)

    def publish(self, events) -> float:
        """What the pipeline does with a committed batch; the seconds the rules' feed took."""
        session = self.session
        module_ids = [session._module_at(event.ts) for event in events]
        session.live.add(events, module_ids)
        if self.rules is None:
            return 0.0
        started = time.perf_counter()
        self.rules.audience(events)
        return time.perf_counter() - started

    def close(self) -> None:
        self.session.close(HISTORY_S + TICKS * TICK_S)
        self.recorder.close()


def measure() -> tuple[float, float, int]:
    script = load_script_text(script_text(), "bench.yaml").script
    ruleset, diagnostics = load_rules_text(rules_text(), "bench_rules.yaml")
    assert ruleset is not None and len(ruleset) == RULES, diagnostics
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        with_rules, without = Rig(engine, script, ruleset), Rig(engine, script, None)
        try:
            for start in range(0, HISTORY_S, 10):  # the history, a tick every 10 show seconds
                batch = events_between(start, start + 10)
                for rig in (with_rules, without):
                    rig.publish(batch)
                    rig.session.tick(float(start + 10))
            rule_ms, tick_ms = [], []
            for index in range(TICKS):
                now = HISTORY_S + (index + 1) * TICK_S
                batch = events_between(now - TICK_S, now)
                feed_s = with_rules.publish(batch)
                started = time.perf_counter()
                with_rules.rules.tick(with_rules.session, now, UNIX_START + now)
                rule_ms.append((feed_s + time.perf_counter() - started) * 1000)
                with_rules.session.rules = None  # the rest of its tick, timed below only for the baseline rig
                with_rules.session.tick(now)
                with_rules.session.rules = with_rules.rules
                without.publish(batch)
                started = time.perf_counter()
                without.session.tick(now)
                tick_ms.append((time.perf_counter() - started) * 1000)
            assert with_rules.rules.engine.metrics.latest_online is not None
        finally:
            with_rules.close()
            without.close()
            engine.dispose()
    return statistics.fmean(rule_ms), statistics.fmean(tick_ms), TICKS


def test_bench_rules() -> None:
    value, baseline, samples = measure()
    print(f"BENCH name=rules_tick_50_rules_4h value={value:.4f} unit=ms baseline={baseline:.4f} "
          f"ratio={value / baseline:.3f} n={samples}")
    assert value < TARGET_MS, f"rules cost {value:.3f} ms per tick (target < {TARGET_MS} ms)"


if __name__ == "__main__":
    test_bench_rules()
