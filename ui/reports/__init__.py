"""Printable reports (PDF) rendered with Qt."""
