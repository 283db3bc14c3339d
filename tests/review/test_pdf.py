"""The PDF report renders to real pages (checked with pdftoppm, as a reader would see them)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from console.review import queries

pytest.importorskip("PySide6")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_pdf_renders_to_non_blank_pages(engine, recorded, tmp_path, qapp):
    from PySide6.QtGui import QImage

    from ui.reports.pdf import write_pdf

    _, live = recorded
    review = queries.load_review(engine, live.show_id)
    pdf = write_pdf(review, tmp_path / "report.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages, "pdftoppm produced no page"
    image = QImage(str(pages[0]))
    assert not image.isNull() and image.width() > 100
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    assert len(colours) > 8, "the first page is blank"


def test_pdf_through_the_command_line(db_url, recorded, tmp_path, capsys):
    from console.cli import main

    target = tmp_path / "cli.pdf"
    assert main(["--db", db_url, "review", "live-1", "--export", str(target)]) == 0
    assert target.read_bytes().startswith(b"%PDF")
