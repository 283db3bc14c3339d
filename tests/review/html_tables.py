"""The tables of a report's section, read back from the HTML as text rows (for the report tests)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Sections(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[list[str]]] = {}
        self._heading: str | None = None
        self._in_h2 = False
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self._in_h2, self._heading = True, ""
        elif tag == "tr" and self._heading is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False
            self.sections[self._heading] = []
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.sections[self._heading].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_h2:
            self._heading += data
        elif self._cell is not None:
            self._cell.append(data)


def section_rows(html: str, heading: str) -> list[list[str]]:
    """Every table row (header rows included) under the ``<h2>`` titled ``heading``, until the next ``<h2>``."""
    parser = _Sections()
    parser.feed(html)
    return parser.sections[heading]


def section_text(html: str, heading: str) -> str:
    return "\n".join(" | ".join(row) for row in section_rows(html, heading))
