"""Banned and risky wording in scripts, comments and the teleprompter (CONTRACTS.md §6).

``default_matcher().find(text)`` → leftmost-longest :class:`Hit` objects with
category, severity and offsets in the original text. See docs/compliance.md.
"""

from console.compliance.matcher import (
    Category,
    Hit,
    Matcher,
    default_matcher,
    load_matcher,
    reload_default,
)

__all__ = ["Category", "Hit", "Matcher", "default_matcher", "load_matcher", "reload_default"]
