"""The fault trainer on a rehearsal's tick: injects each fault when its time comes and records it.

Faults go through the same doors a real fault would: OBS requests on the connection's queue (origin
``drill``, journalled like any action: the mic muted, a media camera paused), and audience events into the
show's pipeline (a comment, a burst of complaints, orders). The simulated audience loses a share of its
viewers at once and recovers as it always does. Nothing here opens an incident: the detectors must see the
fault themselves, which is what a drill tests. Each injection is recorded as an operator command
``drill_fault`` (who ``drill``) with the fault, its parameters and the detector expected to answer; the
scores are computed from the record (:mod:`console.drills.scoring`), so a review, a scorecard and a test
read the same figures.

Runs on the thread that ticks the show; never waits (OBS answers arrive on their futures).
"""

from __future__ import annotations

import logging
from typing import Any

from console.drills.model import COMPLAINTS, DEFAULT_FREEZE_S, Drill, Fault
from db import schema

log = logging.getLogger(__name__)

PAUSE = "OBS_WEBSOCKET_MEDIA_INPUT_ACTION_PAUSE"
PLAY = "OBS_WEBSOCKET_MEDIA_INPUT_ACTION_PLAY"
#: A complaint burst arrives within about this long (a wave, not one instant).
BURST_SPREAD_S = 3.0


class FaultTrainer:
    def __init__(self, drill: Drill) -> None:
        self.drill = drill
        self._pending = list(drill.faults)
        self._frozen: list[tuple[float, str]] = []  # (show second to play again, source)
        self.injected: list[tuple[Fault, float]] = []  # (fault, show unix time)

    @property
    def done(self) -> bool:
        return not self._pending and not self._frozen

    def tick(self, session: Any, show_t: float, now_ts: float) -> None:
        while self._pending and self._pending[0].at_s <= show_t:
            fault = self._pending.pop(0)
            try:
                skipped = self._inject(session, fault, show_t, now_ts)
            except Exception as exc:  # a drill step must never stop the rehearsal (logged, recorded)
                log.exception("drill fault %d (%s) failed", fault.index + 1, fault.fault)
                skipped = f"failed: {exc}"
            self._record(session, fault, now_ts, skipped)
        for due, source in [entry for entry in self._frozen if entry[0] <= show_t]:
            self._frozen.remove((due, source))
            self._media(session, source, PLAY)

    def close(self, session: Any) -> None:
        """The rehearsal ends: a camera still frozen by the drill plays again."""
        for _due, source in self._frozen:
            self._media(session, source, PLAY)
        self._frozen.clear()

    # ------------------------------------------------------------------ faults
    def _inject(self, session: Any, fault: Fault, show_t: float, now_ts: float) -> str | None:
        """Inject ``fault``; returns why it could not be (recorded with it), or None."""
        params = fault.params
        if fault.fault == "mic_mute":
            if session.obs is None:
                return "no OBS"
            session.obs.request("SetInputMute", {"inputName": params["input"], "inputMuted": True}, origin="drill")
        elif fault.fault == "camera_freeze":
            if session.obs is None:
                return "no OBS"
            self._media(session, params["source"], PAUSE)
            self._frozen.append((show_t + float(params.get("for") or DEFAULT_FREEZE_S), params["source"]))
        elif fault.fault == "viewer_collapse":
            simulator = getattr(session.player, "simulator", None)
            if simulator is None:
                return "no simulated audience"
            simulator.collapse(float(params["percent"]) / 100.0)
        elif fault.fault == "banned_comment":
            self._submit(session, [{"ts": now_ts, "kind": "comment", "user": params.get("user") or "drill",
                                    "text": params["text"]}])
        elif fault.fault == "complaint_burst":
            count = int(params["comments"])
            self._submit(session, [{"ts": now_ts + BURST_SPREAD_S * i / count, "kind": "comment",
                                    "user": f"drill-{i}", "text": COMPLAINTS[i % len(COMPLAINTS)]}
                                   for i in range(count)])
        elif fault.fault == "sold_out":
            try:
                product = session.script.product(params["sku"])
            except KeyError:
                return f"no product {params['sku']} in the script"
            price = product.live_price if product.live_price is not None else (product.price or 0.0)
            qty = int(params["qty"])
            self._submit(session, [{"ts": now_ts, "kind": "order", "order_id": f"drill-{fault.index}-{i}",
                                    "sku": product.sku, "qty": 1, "amount": price} for i in range(qty)])
        self.injected.append((fault, now_ts))
        return None

    def _media(self, session: Any, source: str, action: str) -> None:
        if session.obs is not None:
            session.obs.request("TriggerMediaInputAction", {"inputName": source, "mediaAction": action},
                                origin="drill")

    @staticmethod
    def _submit(session: Any, objects: list[dict[str, Any]]) -> None:
        from console.audience.events import parse_object

        session.pipeline.submit([parse_object(obj) for obj in objects])

    def _record(self, session: Any, fault: Fault, now_ts: float, skipped: str | None) -> None:
        args = {"drill": self.drill.id, "index": fault.index, "fault": fault.fault, "detector": fault.detector,
                "params": dict(fault.params)}
        if skipped:
            args["skipped"] = skipped
        session.recorder.write(schema.operator_commands, {"show_id": session.show_id, "ts": now_ts,
                                                          "command": "drill_fault", "args": args, "who": "drill"})
