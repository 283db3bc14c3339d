"""Any of the console's HTML reports as a PDF, laid out by Qt (the period health report uses it).

Same method as the review's PDF (:mod:`ui.reports.pdf`): Qt's rich text does not draw inline SVG, so the
charts come as ``<img src=name>`` with their SVG text apart, rendered to images first.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_html_pdf(html: str, images: dict[str, str], path: str | os.PathLike[str], *, title: str) -> Path:
    from PySide6.QtCore import QMarginsF, QSizeF, QUrl
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    from console.review.files import atomic_path
    from ui.reports.pdf import ensure_gui_application, render_svg

    ensure_gui_application()
    document = QTextDocument()
    for name, svg_text in images.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), render_svg(svg_text))
    document.setHtml(html)
    target = Path(path)
    with atomic_path(target, suffix=".pdf") as temp:
        writer = QPdfWriter(temp)
        writer.setTitle(title)
        writer.setCreator("liveroom")
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageOrientation(QPageLayout.Orientation.Landscape)
        writer.setPageMargins(QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter)
        writer.setResolution(96)
        paint = writer.pageLayout().paintRectPixels(writer.resolution())
        document.setPageSize(QSizeF(paint.width(), paint.height()))
        document.print_(writer)
        del writer  # finishes the file before it is renamed
    return target
