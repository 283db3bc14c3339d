"""The complaint sentinel (舆情哨兵): a complaint lexicon and a ``complaint_rate`` detector.

The lexicon ships in ``resources/lexicons/complaint/`` in the compliance
lexicon's format (one term a line, a category per file: fake goods, refunds,
quality, being cheated); users add or remove terms in
``CONFIG/lexicons/complaint/``. It is matched with the compliance matcher
(same normalisation: full-width, traditional characters, separators).

The detector reads a *rate*, not a word: one angry viewer is a comment to
answer, a wave is a share of the room. It fires when, in its ``window``, at
least ``share`` of the comments are complaints **and** there are at least
``min_complaints`` of them (so one complaint among three comments is not a
wave). Its playbook (``resources/playbooks/complaint_wave.yaml``) runs the
reassurance script and opens the after-show follow-ups.
"""

from __future__ import annotations

import collections
import functools
import threading
from typing import Any, Iterable

from console.contingency.detectors import Condition, Detector
from console.contingency.model import EXTRA_DETECTORS

#: Complaints needed in the window besides the share: below this a "wave" is one or two viewers.
MIN_COMPLAINTS = 3
#: Above this many comments in a batch, one batch scan: a ``find`` costs ~6 µs, a batch scan ~15 µs plus
#: little per comment (measured on the shipped lexicon).
SCAN_BATCH_FROM = 4

_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _complaint_matcher() -> Any:
    from console.compliance.matcher import load_matcher
    from console.paths import config_dir, resource

    matcher = load_matcher([resource("lexicons", "complaint")], user_dir=config_dir() / "lexicons" / "complaint")
    # The first batch scan costs ~150 ms (lazy set-up in the automaton and the lookup table, measured): pay it
    # here, where the lexicon loads (off the GUI thread, before the show), not in a tick.
    matcher.scan_many(["预热：退款", "warm-up"])
    matcher.find("预热：退款")
    return matcher


def complaint_matcher() -> Any:
    """The shipped plus the user's complaint lexicon, built once per process (thread-safe)."""
    with _lock:
        return _complaint_matcher()


def is_complaint(text: str, matcher: Any | None = None) -> bool:
    return bool((matcher or complaint_matcher()).find(text))


class ComplaintRate(Detector):
    """The share of comments hitting the complaint lexicon in ``window`` reached ``share``."""

    name = "complaint_rate"

    def __init__(self, params: dict[str, Any], for_s: float) -> None:
        super().__init__(params, for_s)
        self.matcher = complaint_matcher()
        self.comments: collections.deque[tuple[float, bool]] = collections.deque()
        self.complaints = 0
        self.latest = ""

    def on_all_comments(self, comments: Iterable[tuple[Any, Any, Any]], now: float) -> None:
        events = [event for event, _module_id, _hits in comments]
        texts = [getattr(event, "text", "") for event in events]
        # A burst is scanned at once (~1 M comments/s, ENVIRONMENT.md); a few comments one by one (cheaper).
        found = (self.matcher.scan_many(texts) if len(texts) > SCAN_BATCH_FROM
                 else [self.matcher.find(text) for text in texts])
        for event, text, hits in zip(events, texts, found, strict=True):
            hit = bool(hits)
            ts = float(getattr(event, "ts", now))
            self.comments.append((ts, hit))
            if hit:
                self.complaints += 1
                self.latest = f"{getattr(event, 'user', '?')}: {text}"

    def condition(self, now: float) -> Condition:
        oldest = now - float(self.params["window"])
        while self.comments and self.comments[0][0] < oldest:
            _ts, hit = self.comments.popleft()
            self.complaints -= hit
        total = len(self.comments)
        if not total or self.complaints < int(self.params.get("min_complaints") or MIN_COMPLAINTS):
            return Condition(False)
        share = self.complaints / total
        if share >= float(self.params["share"]):
            return Condition(True, f"complaints {self.complaints}/{total} comments ({share:.0%}); {self.latest}")
        return Condition(False)


EXTRA_DETECTORS[ComplaintRate.name] = ComplaintRate
