"""Errors shared by the command line, headless runs and show assembly.

One module of its own so that the modules raising them (console.headless,
console.show_assembly) and the one turning them into exit codes
(console.cli) do not import each other.
"""

from __future__ import annotations


class CommandFailed(Exception):
    """A one-line reason for exit code 1."""
