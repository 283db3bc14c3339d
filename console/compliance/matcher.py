"""Banned and risky wording: lexicon loading, normalisation and an Aho-Corasick matcher.

Normalisation (before matching, offsets mapped back to the original text):

- full-width ASCII (ＡＢＣ１２３％) → half-width, Latin upper case → lower case, and
  every other one-character NFKC folding (half-width katakana, CJK compatibility
  ideographs, ① → 1, ｖ/ⓥ → v …);
- traditional → simplified characters from ``traditional.txt`` (one-to-one);
- separators slipped between characters are removed: spaces, punctuation
  (ASCII and CJK), ``-``, ``_``, ``.``, ``*``, zero-width characters — so
  "加 微 信", "加-V", "加.v.x" match 加微信, 加v, 加vx.

All of it is one ``str.translate`` table in which every character maps to one
character or is deleted. When nothing was deleted the offsets are the same
as the original's; only a text that lost characters pays for an index map.

Matching is leftmost-longest (``ahocorasick_rs``, ~1 M comments/s measured
in ENVIRONMENT.md). Allow-listed words (最近, 第一次 …) are patterns in the same
automaton: where the longest match at a position is an allowed word, nothing
is reported there. A longer real term still wins (最后一波 over 最后).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import threading
import unicodedata
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation, MatchKind

from console.paths import config_dir, resource

log = logging.getLogger(__name__)

ALLOW = "__allow__"
SEVERITIES = ("banned", "risky")
#: Characters removed before matching (besides whitespace and Unicode punctuation).
EXTRA_SEPARATORS = "-_.*·|/\\~`^'\"+=#@&$<>、。，！？；：…—～·•●★☆♥♡\u200b\u200c\u200d\u2060\ufeff"
#: Kept even though Unicode calls them punctuation: they are part of terms (100%).
KEEP = "%"
#: Joins comments in a batch scan; it is never part of a term and never deleted.
_BATCH_JOIN = "\x00"
_DELETED = np.uint32(0xFFFFFFFF)


@dataclasses.dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: str
    name_en: str
    note: str
    severity: str
    terms: int


@dataclasses.dataclass(frozen=True, slots=True)
class Hit:
    """A match in the ORIGINAL text: ``text[start:end]`` is what was said."""

    start: int
    end: int
    term: str
    category: str
    severity: str

    def text(self, original: str) -> str:
        return original[self.start:self.end]


def _read_lines(path: Path) -> tuple[dict[str, str], list[str]]:
    header: dict[str, str] = {}
    lines: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep and key.strip() in ("name", "name_en", "note", "severity"):
                header[key.strip()] = value.strip()
            continue
        lines.append(line)
    return header, lines


@functools.lru_cache(maxsize=1)
def _nfkc_folds() -> dict[int, int]:
    """NFKC where it maps one character to one other (full-width forms, half-width
    katakana, CJK compatibility ideographs, circled and styled letters, ①→1 …),
    then lower case. Multi-character expansions (㎏→kg, ½) are left alone so that
    the table stays one-to-one and offsets stay cheap to map back. Cached: it
    costs ~0.1 s over the BMP and does not depend on the lexicon."""
    folds: dict[int, int] = {}
    for code in range(0xA0, 0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1:
            lowered = folded.lower()
            folded = lowered if len(lowered) == 1 else folded
        if len(folded) == 1 and folded != char:
            folds[code] = ord(folded)
    return folds


def build_table(traditional: dict[str, str]) -> dict[int, int | None]:
    table: dict[int, int | None] = dict(_nfkc_folds())
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[code] = code - 0xFEE0
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = code + 32
    for code in range(0xFF21, 0xFF3B):  # full-width A-Z → a-z
        table[code] = code - 0xFEE0 + 32
    for source, target in traditional.items():
        table[ord(source)] = ord(target)
    # A character whose NFKC form is traditional (a compatibility ideograph of 國)
    # must reach the simplified one too.
    for code, target in list(table.items()):
        if target is not None and chr(target) in traditional:
            table[code] = ord(traditional[chr(target)])
    # Separators: whitespace, every Unicode punctuation in the BMP's common blocks, the extras.
    for code in list(range(0x20, 0x7F)) + list(range(0x2000, 0x2070)) + list(range(0x3000, 0x3040)) + \
            list(range(0xFE10, 0xFE70)) + list(range(0xFF00, 0xFF66)):
        char = chr(code)
        target = table.get(code, code)
        target_char = chr(target) if isinstance(target, int) else char
        category = unicodedata.category(target_char)
        if target_char in KEEP:
            continue
        if category.startswith(("P", "Z", "S")) and not target_char.isalnum():
            if target_char in "%":
                continue
            table[code] = None
    for char in EXTRA_SEPARATORS + " \t\r\n\u3000\u00a0":
        table[ord(char)] = None
    # Whatever folds onto a separator (NFKC's ․ → ., ﹣ → -) is a separator too.
    for code, target in list(table.items()):
        if target is not None and target != code and table.get(target, target) is None:
            table[code] = None
    return table


class Matcher:
    """Thread-safe after construction (the automaton and tables are read-only)."""

    def __init__(self, terms: dict[str, str], categories: dict[str, Category], allow: Iterable[str],
                 traditional: dict[str, str]) -> None:
        self.table = build_table(traditional)
        self.categories = categories
        self._severity = {cid: cat.severity for cid, cat in categories.items()}
        patterns: dict[str, str] = {}
        for word in allow:
            key = self.normalize(word)
            if key:
                patterns[key] = ALLOW
        for term, category in terms.items():
            key = self.normalize(term)
            if key:
                patterns[key] = category  # a real term with the same form as an allowed word wins
        self._patterns = list(patterns)
        self._categories_of = [patterns[p] for p in self._patterns]
        self._allowed = np.array([c == ALLOW for c in self._categories_of] or [False], dtype=bool)
        self._terms = {term: category for term, category in terms.items()}
        # A DFA scans about twice as fast as the default NFA (measured: 22 vs 46 ms
        # for 100,000 comments × 5,000 terms) for a few MB of memory.
        self._automaton = (AhoCorasick(self._patterns, matchkind=MatchKind.LeftmostLongest,
                                       implementation=Implementation.DFA) if self._patterns else None)
        # The batch path scans UTF-8 bytes (about twice as fast as a str haystack;
        # UTF-8 is self-synchronising, so a match always starts on a character).
        self._bytes_automaton = (BytesAhoCorasick([p.encode("utf-8") for p in self._patterns],
                                                  matchkind=MatchKind.LeftmostLongest,
                                                  implementation=Implementation.DFA) if self._patterns else None)
        # The same translation as a lookup table over the BMP for numpy; anything
        # beyond the BMP (emoji) is a separator and is deleted.
        lut = np.arange(0x10000, dtype=np.uint32)
        for code, target in self.table.items():
            if code < 0x10000:
                lut[code] = _DELETED if target is None else target
        self._lut = lut

    @property
    def term_count(self) -> int:
        return sum(1 for c in self._categories_of if c != ALLOW)

    def normalize(self, text: str) -> str:
        return text.translate(self.table)

    def _index_map(self, text: str) -> list[int]:
        """For each character kept by normalisation, its index in ``text``."""
        table = self.table
        return [index for index, char in enumerate(text) if table.get(ord(char), 0) is not None]

    def _hits(self, text: str, normalized: str, matches: Sequence[tuple[int, int, int]],
              index_map: list[int] | None = None) -> list[Hit]:
        hits: list[Hit] = []
        if index_map is None and len(normalized) != len(text):
            index_map = self._index_map(text)
        for pattern_index, start, end in matches:
            category = self._categories_of[pattern_index]
            if category == ALLOW:
                continue
            if index_map is not None:
                start, end = index_map[start], index_map[end - 1] + 1
            hits.append(Hit(start, end, self._patterns[pattern_index], category, self._severity.get(category, "risky")))
        return hits

    def find(self, text: str) -> list[Hit]:
        """Leftmost-longest hits in ``text``, offsets in the original text."""
        if self._automaton is None or not text:
            return []
        if max(text) > "\uffff":
            # Emoji and other characters beyond the BMP are separators too
            # (the batch path's table covers the BMP only and deletes the rest).
            table = self.table
            kept = [i for i, char in enumerate(text) if char <= "\uffff" and table.get(ord(char), 0) is not None]
            normalized = "".join(text[i] for i in kept).translate(table)
            matches = self._automaton.find_matches_as_indexes(normalized)
            return self._hits(text, normalized, matches, kept) if matches else []
        normalized = text.translate(self.table)
        matches = self._automaton.find_matches_as_indexes(normalized)
        if not matches:
            return []
        return self._hits(text, normalized, matches)

    def scan_many(self, texts: Sequence[str]) -> list[Sequence[Hit]]:
        """:meth:`find` for many texts at once (the live comment stream, benchmarks).

        The whole batch is normalised in numpy (one table lookup per
        character, deletions by a mask) and scanned once as UTF-8 bytes; only
        the few texts with a hit are then matched one by one with :meth:`find`
        for their exact offsets. Same results as calling :meth:`find` on each.
        """
        # Texts without a hit share one empty tuple: building 100,000 empty
        # lists would cost a third of the scan.
        results: list[Sequence[Hit]] = [()] * len(texts)
        if self._bytes_automaton is None or not texts:
            return results
        joined = _BATCH_JOIN.join(texts)
        if joined.count(_BATCH_JOIN) != len(texts) - 1:  # a text carries the joiner itself
            return [self.find(text) or () for text in texts]
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        mapped = self._lut[codes & 0xFFFF]
        mapped[codes > 0xFFFF] = _DELETED
        haystack = mapped[mapped != _DELETED].tobytes().decode("utf-32-le").encode("utf-8")
        matches = self._bytes_automaton.find_matches_as_indexes(haystack)
        if not matches:
            return results
        found = np.array(matches, dtype=np.int64)
        found = found[~self._allowed[found[:, 0]]]
        if not len(found):
            return results
        joiners = np.flatnonzero(np.frombuffer(haystack, dtype=np.uint8) == 0)
        for index in np.unique(np.searchsorted(joiners, found[:, 1])).tolist():
            results[index] = self.find(texts[index])
        return results


def load_matcher(resource_dirs: Sequence[Path] | None = None, user_dir: Path | None = None) -> Matcher:
    """The shipped lexicon (``resources/compliance``) plus the user's (``CONFIG/compliance``).

    A user file adds terms to the category named by its file stem (a new
    category when the stem is new); a line ``-term`` removes a shipped term.
    ``allow.txt`` adds ordinary words to the allow-list; ``traditional.txt``
    adds character pairs.
    """
    dirs = list(resource_dirs) if resource_dirs is not None else [resource("compliance")]
    if user_dir is not None:
        dirs.append(user_dir)
    terms: dict[str, str] = {}
    categories: dict[str, dict[str, str]] = {}
    allow: set[str] = set()
    traditional: dict[str, str] = {}
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.txt")):
            try:
                header, lines = _read_lines(path)
            except (OSError, UnicodeDecodeError) as exc:
                log.warning("lexicon file %s skipped: %s", path, exc)
                continue
            stem = path.stem
            if stem == "allow":
                for line in lines:
                    if line.startswith("-"):
                        allow.discard(line[1:].strip())
                    else:
                        allow.add(line)
                continue
            if stem == "traditional":
                for line in lines:
                    if len(line) == 2:
                        traditional[line[0]] = line[1]
                continue
            info = categories.setdefault(stem, {"name": stem, "name_en": stem, "note": "", "severity": "risky"})
            info.update({k: v for k, v in header.items() if v})
            if info["severity"] not in SEVERITIES:
                log.warning("%s: unknown severity %r, using 'risky'", path, info["severity"])
                info["severity"] = "risky"
            for line in lines:
                if line.startswith("-") and len(line) > 1:
                    terms.pop(line[1:].strip(), None)
                else:
                    terms[line] = stem
    counts: dict[str, int] = {}
    for category in terms.values():
        counts[category] = counts.get(category, 0) + 1
    built = {cid: Category(cid, info["name"], info["name_en"], info["note"], info["severity"], counts.get(cid, 0))
             for cid, info in categories.items()}
    return Matcher(terms, built, allow, traditional)


_default: Matcher | None = None
_default_lock = threading.Lock()


def default_matcher() -> Matcher:
    """Shipped plus user lexicons, built once per process (~0.15 s, most of it the NFKC table)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = load_matcher(user_dir=config_dir() / "compliance")
        return _default


def reload_default() -> Matcher:
    """Rebuild after the user edited a lexicon."""
    global _default
    with _default_lock:
        _default = None
    return default_matcher()
