"""Small widgets the panels draw with (no panel, no window)."""
