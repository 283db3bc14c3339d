"""Helpers for tests that drive the real services (OBS sandbox, RTMP sink, processes)."""
