"""The review report as PDF: the same HTML as the HTML export, laid out by Qt.

Qt's rich-text engine (QTextDocument) does not draw inline ``<svg>``, so the
report is built with ``<img src="chart-N.svg">`` and each chart's SVG is
rendered into an image resource with QSvgRenderer first. Everything here works
off the GUI thread (QTextDocument, QPdfWriter and QSvgRenderer paint on their
own devices), so the review window runs it on a worker thread; the command
line runs it headless (``QT_QPA_PLATFORM=offscreen`` when there is no display).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

#: Charts are rasterised at this multiple of their SVG size (the page is laid out at 96 dpi).
#: 2.0 looks sharper on paper but rasterising a dense 4-hour chart costs ~0.6 s each
#: instead of ~0.2 s (measured, QSvgRenderer offscreen).
CHART_RASTER_SCALE = 1.0
#: Flagged comments printed (the HTML report lists more, the review window all):
#: the comment stream is summarised, and a 4-hour show's PDF stays under 20 pages.
PDF_FLAGGED_LIMIT = 40
#: Incidents whose steps are printed in full (the others are one row each).
PDF_INCIDENT_DETAILS = 5


def ensure_gui_application() -> Any:
    """A QGuiApplication must exist for fonts and painting; make one if the caller has none."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    app = QCoreApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    return app


def render_svg(svg_text: str, scale: float = CHART_RASTER_SCALE) -> Any:
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg_text.encode("utf-8")))
    size = renderer.defaultSize()
    image = QImage(max(1, int(size.width() * scale)), max(1, int(size.height() * scale)),
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def report_language() -> str | None:
    """The window's language when its catalogue is installed (the report then speaks it), else None (the default)."""
    from PySide6.QtCore import QCoreApplication

    from console.review.report_words import CHINESE, CONTEXT

    return CHINESE if QCoreApplication.translate(CONTEXT, "Module") != "Module" else None


def write_pdf(review: Any, path: str | os.PathLike[str], *, comparison: Any = None,
              progress: Callable[[float, str], None] | None = None, language: str | None = None,
              extras: Any = None) -> Path:
    """Write the report of ``review`` as a PDF at ``path`` (atomically); returns the path.

    ``extras``: console.review.report_sections.ReportExtras (products, live adjustments), when read.

    ``language``: ``en`` or ``zh_CN``; None takes the window's when its catalogue is installed, else
    ``console.review.report_words.default_language()``.
    """
    from PySide6.QtCore import QMarginsF, QSizeF, QUrl
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    from console.review.files import atomic_path
    from console.review.report import build_report

    ensure_gui_application()
    step = progress or (lambda _f, _w: None)
    report = build_report(review, comparison=comparison, inline_svg=False,
                          progress=lambda f, w: step(0.6 * f, w), language=language or report_language(),
                          flagged_limit=PDF_FLAGGED_LIMIT, incident_details=PDF_INCIDENT_DETAILS, extras=extras)
    document = QTextDocument()
    for index, (name, svg_text) in enumerate(report.images.items()):
        image = render_svg(svg_text)
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        step(0.6 + 0.2 * (index + 1) / max(1, len(report.images)), "charts")
    document.setHtml(report.html)
    target = Path(path)
    with atomic_path(target, suffix=".pdf") as temp:
        writer = QPdfWriter(temp)
        writer.setTitle(review.show.title)
        writer.setCreator("liveroom review")
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageOrientation(QPageLayout.Orientation.Landscape)
        writer.setPageMargins(QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter)
        writer.setResolution(96)
        # Lay the document out on the printable page (in device pixels at 96 dpi): the
        # charts are 900 px wide and fit a landscape A4 page at that resolution.
        paint = writer.pageLayout().paintRectPixels(writer.resolution())
        document.setPageSize(QSizeF(paint.width(), paint.height()))
        step(0.85, "laying out")
        document.print_(writer)
        del writer  # finishes the file before it is renamed
    step(1.0, "done")
    return target
