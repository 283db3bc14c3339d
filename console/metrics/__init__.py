"""Metrics: KPI definitions shared by the live view and the review (kpi), live KPIs (live), chart buffers (series)."""
