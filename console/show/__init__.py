"""Show scripts and the run of show (issue 4).

- :mod:`console.show.model`: the typed script (frozen dataclasses with positions).
- :mod:`console.show.loader`: ``load_script(path)`` / ``load_script_text(text, file)`` → ``LoadResult``
  (generic node checks in :mod:`console.show.node_checks`, wording positions in
  :mod:`console.show.wording_positions`).
- :mod:`console.show.lint`: ``liveroom lint`` and ``check_against_obs``.
- :mod:`console.show.run_of_show`: ``RunOfShow``, the deterministic run-of-show state machine (time passed in);
  :mod:`console.show.effects` what it reports, :mod:`console.show.status` what it shows.
- :mod:`console.show.runtime`: ``ShowRuntime``, run of show + OBS actions + recording.
"""

from console.show.duration import DurationError, format_clock, format_duration, parse_duration
from console.show.run_of_show import RunOfShow
from console.show.status import ShowStatus, TimelineEntry
from console.show.loader import LoadResult, load_script, load_script_text
from console.show.model import Cue, Module, Product, ShowInfo, ShowScript

__all__ = [
    "Cue", "DurationError", "LoadResult", "Module", "Product", "RunOfShow", "ShowInfo", "ShowScript",
    "ShowStatus", "TimelineEntry", "format_clock", "format_duration", "load_script", "load_script_text",
    "parse_duration",
]
