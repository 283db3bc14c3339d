"""Anchors and periods (issue 17): per-show summaries, anchors' scorecards, the health diagnosis, PDCA items.

Every period view reads ``show_summaries`` (one row per ended show, see :mod:`.summary`), never the
audience events of a year of shows.
"""
