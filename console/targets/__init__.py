"""Targets (CONTRACTS.md §9.1): per-KPI bounds, their ok/warn/bad status, the room's own benchmark,
incident business impact and the machine-readable review. Plain Python, no Qt."""
