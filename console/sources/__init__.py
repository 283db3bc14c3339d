"""Audience sources (CONTRACTS §8): platform feeds that emit §3 events beside the HTTP intake.

``base`` holds what every source shares (state, counters, backoff, gap
markers, its thread); ``oba`` is the client of oba-live-tool's broadcast, with
its wire-format mapping in ``oba_format``.
"""
