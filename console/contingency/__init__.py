"""Contingency playbooks: loader, detectors, incident runner and the session facade (CONTRACTS.md §5)."""
