"""The review report's words in the operator's language, read from the console's one translation catalogue.

The report is built in the core (no Qt: ``liveroom review --export`` runs
headless), yet its words must match the window's. So the English source
strings are looked up in ``resources/i18n/liveroom_<language>.ts`` — the
same catalogue Qt Linguist edits and the window's ``.qm`` is built from —
under the context :data:`CONTEXT`, with the standard library's XML parser.
A string missing from the catalogue stays English (as Qt does).

The language: the caller's (``--language``, the window's own), else
``LIVEROOM_LANGUAGE``, else the process locale (``LC_ALL``/``LC_MESSAGES``/
``LANG`` starting with ``zh`` means Chinese), else English.
"""

from __future__ import annotations

import functools
import os
import xml.etree.ElementTree as ElementTree
from typing import Callable

from console.paths import resource

CONTEXT = "ReviewReport"
ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = (ENGLISH, CHINESE)

Translate = Callable[[str], str]


def default_language() -> str:
    """The language for a report nobody chose one for (see the module docstring)."""
    chosen = os.environ.get("LIVEROOM_LANGUAGE", "")
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return CHINESE if value.lower().startswith("zh") else ENGLISH
    return ENGLISH


@functools.lru_cache(maxsize=4)
def catalogue(language: str) -> dict[str, str]:
    """Source → translation for the report's context (empty for English or a missing catalogue)."""
    if language == ENGLISH:
        return {}
    path = resource("i18n", f"liveroom_{language}.ts")
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        return {}
    words: dict[str, str] = {}
    for context in root.iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source and translation is not None and translation.text and translation.get("type") != "unfinished":
                words[source] = translation.text
    return words


def translator(language: str | None = None) -> Translate:
    """A function from an English report string to the same words in ``language``."""
    words = catalogue(language or default_language())
    return lambda text: words.get(text, text)
