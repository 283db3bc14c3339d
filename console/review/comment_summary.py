"""The comment stream of a show summarised for the report: counts per module, flagged wording, top questions.

A 4-hour show has ~100,000 comments; the report prints what the operations
team acts on instead of every comment (issue 19 point 6): how many came in
each module (and how many of them were flagged or questions), the flagged
comments by category, and the questions the audience asked most often.

A question is a comment with a question mark or a common question word
(Chinese or English). Questions are grouped by their text with digits,
spaces and punctuation taken out, so "多少钱 12" and "多少钱？" count as one;
the most recent wording of each group is the one shown.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from typing import Iterable

from console.review.records import Comment

#: A question mark or a word that makes a comment a question even without one (one pattern: a
#: 4-hour show has ~100,000 comments).
QUESTION = re.compile(r"[?？]|吗|多少|怎么|哪|几|什么|能不能|有没有|是不是"
                      r"|\b(?:how|what|when|where|which|why)\b|\bcan i\b|\bis it\b|\bdoes it\b", re.IGNORECASE)
#: Characters ignored when grouping questions: digits, spaces, punctuation, symbols.
_NOISE = re.compile(r"[\W\d_]+")


@dataclasses.dataclass(frozen=True)
class ModuleComments:
    module_id: str | None  # None: before the first module or after the show
    comments: int
    flagged: int
    questions: int
    per_minute: float | None  # over the module's run time; None when it has none


@dataclasses.dataclass(frozen=True)
class Question:
    text: str  # the latest wording seen
    count: int
    first_ts: float


@dataclasses.dataclass(frozen=True)
class CommentSummary:
    total: int
    flagged: int
    questions: int
    per_module: list[ModuleComments]
    categories: list[tuple[str, int]]  # flagged comments per wording category, most first
    top_questions: list[Question]


def is_question(text: str) -> bool:
    return QUESTION.search(text) is not None


def question_key(text: str) -> str:
    """The text a question is grouped by: lower case, NFKC, without digits, spaces, punctuation and symbols."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text).lower())


def _plain(comments: Iterable[Comment]) -> Iterable[tuple[float, str | None, str, tuple]]:
    """(ts, module_id, text, hits) per comment; from a CommentStream's rows without building objects."""
    rows = getattr(comments, "rows", None)
    if rows is None:
        return ((c.ts, c.module_id, c.text, c.hits) for c in comments)
    hits_at = comments.hits_at  # type: ignore[attr-defined]
    return ((ts, module_id, text or "", hits_at(index)) for index, (ts, module_id, _user, text, _nick)
            in enumerate(rows()))


def summarise(comments: Iterable[Comment], run_seconds: dict[str, float], module_order: list[str],
              *, top: int = 10) -> CommentSummary:
    """Summarise ``comments`` (time order); ``run_seconds``: module id → seconds it ran; ``module_order``: run order."""
    counts: Counter[str | None] = Counter()
    flagged_counts: Counter[str | None] = Counter()
    question_counts: Counter[str | None] = Counter()
    categories: Counter[str] = Counter()
    groups: dict[str, list] = {}
    total = flagged = questions = 0
    search = QUESTION.search
    for ts, module, text, hits in _plain(comments):
        total += 1
        counts[module] += 1
        if hits:
            flagged += 1
            flagged_counts[module] += 1
            for category in {hit.category for hit in hits}:
                categories[category] += 1
        if search(text) is not None:
            questions += 1
            question_counts[module] += 1
            key = question_key(text)
            if not key:
                continue
            group = groups.get(key)
            if group is None:
                groups[key] = [text.strip(), 1, ts]
            else:
                group[0] = text.strip()
                group[1] += 1
    order = [m for m in module_order if m in counts] + sorted((m for m in counts if m not in module_order),
                                                              key=lambda m: (m is None, m or ""))
    per_module = []
    for module in order:
        seconds = run_seconds.get(module or "", 0.0)
        per_module.append(ModuleComments(module, counts[module], flagged_counts[module], question_counts[module],
                                         counts[module] * 60.0 / seconds if seconds > 0 else None))
    ranked = sorted(groups.values(), key=lambda g: (-g[1], g[2]))[:top]
    return CommentSummary(total, flagged, questions, per_module, categories.most_common(),
                          [Question(text, count, first) for text, count, first in ranked])
