"""The review report of a 4-hour show as PDF: under 20 pages and readable (issue 19 point 6).

The benchmark's 4-hour show (tests/review/fixtures.py ``record_large_show``:
24 modules, 20 series at 1 Hz, 2,000 orders, 50 incidents; 20,000 comments
here, a fifth of the review benchmark's, since the report summarises them
and their number only changes the counts) is written as PDF in English and
in Chinese; each must have fewer than :data:`PAGE_LIMIT` pages (``pdfinfo``)
and every page must be drawn (``pdftoppm``: no blank page). The pages are
kept in ``LIVEROOM_REPORT_PAGES`` when that is set, to look at.

Run: ``python -m tests.bench.bench_chart_report`` (or pytest with the explicit path).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

PAGE_LIMIT = 20
COMMENTS = 20_000


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def measure(keep: Path | None = None) -> dict[str, float]:
    from console.review import queries
    from db.engine import open_database
    from tests.review.fixtures import record_large_show
    from ui.reports.pdf import ensure_gui_application, write_pdf

    ensure_gui_application()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'report.sqlite'}")
        record_large_show(engine, comments=COMMENTS)
        review = queries.load_review(engine, "bench-show")
        for language in ("en", "zh_CN"):
            pdf = Path(folder) / f"report-{language}.pdf"
            began = time.perf_counter()
            write_pdf(review, pdf, language=language)
            results[f"{language}_s"] = time.perf_counter() - began
            results[f"{language}_pages"] = _pages(pdf)
            pictures = Path(folder) / f"pages-{language}"
            pictures.mkdir()
            subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(pictures / "page")], check=True, timeout=300)
            drawn = sorted(pictures.glob("page*.png"))
            assert len(drawn) == results[f"{language}_pages"]
            # A blank page compresses to almost nothing; a page with a table or a chart does not.
            results[f"{language}_smallest_page_bytes"] = min(p.stat().st_size for p in drawn)
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(pdf, keep / pdf.name)
                for page in drawn:
                    shutil.copy(page, keep / f"{language}-{page.name}")
        engine.dispose()
    return results


@pytest.mark.timeout(1200)  # recording the 4-hour show alone takes a minute or more on the loaded machine
def test_chart_report_bench(qapp) -> None:  # a QApplication: the PDF writer would make a bare QGuiApplication,
    # and the benchmarks after this one in the same process need widgets
    keep = os.environ.get("LIVEROOM_REPORT_PAGES")
    result = measure(Path(keep) if keep else None)
    print()
    for language in ("en", "zh_CN"):
        print(f"BENCH name=report_pdf_4h_pages_{language} value={result[f'{language}_pages']:.0f} unit=pages "
              f"baseline={PAGE_LIMIT} ratio={result[f'{language}_pages'] / PAGE_LIMIT:.2f} n=1")
        print(f"# PDF written in {result[f'{language}_s']:.1f} s; smallest page image "
              f"{result[f'{language}_smallest_page_bytes']:.0f} bytes")
    for language in ("en", "zh_CN"):
        assert result[f"{language}_pages"] < PAGE_LIMIT, result
        assert result[f"{language}_smallest_page_bytes"] > 1_500, "a blank page"


if __name__ == "__main__":
    from PySide6.QtWidgets import QApplication

    test_chart_report_bench(QApplication([]))
