"""Metrics: KPI definitions shared by the live view and the review (kpi), live KPIs (live), chart buffers
(series), a running show's sampling of OBS health, audio levels and KPIs into them (sampling)."""
