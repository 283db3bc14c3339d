"""Core of the live-room console: no Qt, no widgets.

Everything in this package is plain Python that publishes events through
:class:`console.events.Signal`; the Qt widgets in ``ui/`` subscribe through one
bridge per service (see docs/ARCHITECTURE.md).
"""

__version__ = "0.1.0"
