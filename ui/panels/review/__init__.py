"""The review window's sections, one panel per file (ui/windows/review_window.py composes them).

Each panel receives the :class:`~ui.panels.review.shown_review.ShownReview`
in ``__init__``, subscribes to it there and follows the panel protocol of
:mod:`ui.panels.base`. Their strings keep the window's translation context
(``ReviewWindow``), so the Chinese translations still apply.
"""
