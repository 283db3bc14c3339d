"""The one place a :class:`~console.session.ShowSession` is put together from a script.

Every way a show comes to run goes through here: File → Open show… in the
window, the demo's sample show, ``liveroom run --headless`` and crash recovery
(the window's Resume show and ``--resume``). A show gets:

- its script, read and linted (:func:`prepare_show`);
- the compliance matcher (the shared lexicon) and the default playbooks
  (:func:`load_show_helpers`);
- its audience: a replay file and/or the simulator (the intake is opened by
  the caller once the show exists: ``ShowSession.open_intake``);
- for an interrupted show, its recorded state (:func:`assemble_resumed_show`);
- the station's OBS client and journal (:class:`console.station.Station`).

Threads: :func:`prepare_show`, :func:`load_show_helpers` and
:func:`load_resumed_show` read files or the database — call them off the GUI
thread (the window runs them on workers). :func:`assemble_show` reads nothing
(fine on the GUI thread) once the helpers are loaded.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from typing import Any, Callable

from console.obs.protocol import ObsLink
from console.session import ShowSession

log = logging.getLogger(__name__)

#: The sample show of ``liveroom demo`` (resources/shows/...).
DEMO_SHOW = ("shows", "skincare_launch.yaml")
#: The demo's rehearsal speed (1 = real time; ``LIVEROOM_DEMO_SPEED`` overrides it for screenshots).
DEMO_SPEED = 1.0
#: The simulator's seed: the same audience every run, so a rehearsal can be compared with the last.
SIMULATOR_SEED = 7


@dataclasses.dataclass
class PreparedShow:
    """A script read and checked (off the GUI thread), with the helpers its session needs."""

    path: str
    script: Any  # ShowScript, None when it does not load
    diagnostics: list[Any]
    matcher: Any = None
    playbooks: Any = None
    targets: Any = None  # console.targets.model.Targets that apply (shipped < team < script < --targets)
    rules: Any = None  # the session's rules facade (console.rules.session), None with no rule

    @property
    def errors(self) -> list[Any]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Any]:
        return [d for d in self.diagnostics if d.severity != "error"]


def load_show_helpers(report: Callable[[str], None] = log.warning, *, tolerant: bool = True) -> tuple[Any, Any]:
    """The compliance matcher and the default playbooks every show gets.

    Reads files (the lexicon, the playbook folder): never on the GUI thread.
    ``report`` gets each playbook diagnostic (the log in the window, stderr in
    a headless run). ``tolerant``: a part that fails to load is logged and
    left out (None) — the window's show runs without wording checks or
    playbooks rather than not at all; a headless run (``tolerant=False``)
    stops with the error instead.
    """
    from console.compliance import default_matcher
    from console.contingency.session import SessionPlaybooks

    try:
        matcher = default_matcher()
    except Exception:
        if not tolerant:
            raise
        log.exception("the compliance lexicon does not load")
        matcher = None
    try:
        playbooks, diagnostics = SessionPlaybooks.load_default()
        for diagnostic in diagnostics:
            report(str(diagnostic))
    except Exception:
        if not tolerant:
            raise
        log.exception("the playbooks do not load")
        playbooks = None
    return matcher, playbooks


def prepare_show(path: str, targets_file: str | None = None, rules_path: str | None = None) -> PreparedShow:
    """Load and lint ``path``; the matcher, playbooks, targets and rules (the script's, ``--rules FILE``
    over them) only when it loads (files: off the GUI thread).

    A targets layer that does not load (the team file, ``targets_file``) or rules with errors stop
    the show like a script error, with their FILE:LINE:COL diagnostics.
    """
    from console.show.loader import load_script
    from console.targets.loader import TargetsError, resolve_targets

    result = load_script(path)
    prepared = PreparedShow(str(path), result.script, list(result.diagnostics))
    if result.script is None or prepared.errors:
        prepared.script = None
        return prepared
    try:
        prepared.targets = resolve_targets(script=result.script, targets_file=targets_file)
    except TargetsError as exc:
        prepared.diagnostics += exc.diagnostics
        prepared.script = None
        return prepared
    prepared.matcher, prepared.playbooks = load_show_helpers()
    ruleset, diagnostics = load_rules(result.script, rules_path, prepared.playbooks)
    prepared.diagnostics += diagnostics
    if ruleset is None:
        prepared.script = None
        return prepared
    prepared.rules = show_rules(result.script, ruleset)
    return prepared


def load_rules(script: Any, rules_path: str | None = None, playbooks: Any = None) -> tuple[Any, list[Any]]:
    """The show's adjustment rules (CONTRACTS §9.2): the script's ``rules:`` list, overridden by
    ``--rules FILE`` (same ids), checked against the script and the playbook library.

    Returns ``(ruleset or None, diagnostics)``; reads a file: off the GUI thread.
    """
    from console.rules.loader import check_against_script, check_playbooks, load_rules_file
    from console.rules.model import RuleSet

    ruleset = getattr(script, "rules", None) or RuleSet(())
    diagnostics: list[Any] = []
    if rules_path:
        extra, diagnostics = load_rules_file(rules_path)
        if extra is None:
            return None, diagnostics
        diagnostics += check_against_script(extra, script)
        ruleset = ruleset.merged(extra)
    if playbooks is not None:
        diagnostics += check_playbooks(ruleset, (p.id for p in playbooks.playbooks))
    if any(d.severity == "error" for d in diagnostics):
        return None, diagnostics
    return ruleset, diagnostics


def show_rules(script: Any, ruleset: Any = None, in_gap: Callable[[float], bool] | None = None) -> Any:
    """The session's rules facade for ``ruleset`` (default: the script's own list); None with no rule.

    ``in_gap``: the audience sources' gap test (the sources part's ``SourceGaps.in_gap``).
    """
    from console.rules.session import SessionRules

    ruleset = ruleset if ruleset is not None else getattr(script, "rules", None)
    if ruleset is None or not len(ruleset):
        return None
    return SessionRules(ruleset, in_gap=in_gap) if in_gap is not None else SessionRules(ruleset)


def audience_simulator(comments_per_s: float | None = None) -> Any:
    """The simulated audience of a rehearsal (seeded: the same crowd every run)."""
    from console.audience.simulator import AudienceSimulator, SimulatorRates

    rates = SimulatorRates(comments_per_s=comments_per_s) if comments_per_s else None
    return AudienceSimulator(seed=SIMULATOR_SEED, rates=rates)


def assemble_show(script: Any, *, recorder: Any, obs: ObsLink | None = None, journal: Any = None, kind: str = "live",
                  speed: float = 1.0, room: str = "", script_path: str | None = None, matcher: Any = None,
                  playbooks: Any = None, simulated_audience: bool = False, simulator: Any = None,
                  replay: Any = None, live_stream: bool = False, unattended: bool = False,
                  sources: Any = (), targets: Any = None, rules: Any = None) -> ShowSession:
    """A new show of ``script``, ready to start.

    ``simulated_audience`` adds the audience simulator (rehearsals only: a
    live show's audience is the real one, through the intake); a headless run
    passes its own ``simulator`` and ``replay``. ``journal``: the station's
    OBS journal, tagged with the show while it runs. ``sources``: the audience
    sources' specs (``--source``), started with the intake (``ShowSession.start_sources``).
    ``targets``: the resolved
    console.targets Targets (None: the shipped defaults) → ``session.targets``.
    """
    from console.targets.live import attach

    if simulator is None and simulated_audience and kind != "live":
        simulator = audience_simulator()
    session = ShowSession(script, recorder=recorder, obs=obs, journal=journal, kind=kind, speed=speed, room=room,
                          script_path=script_path, replay=replay, simulator=simulator, matcher=matcher,
                          playbooks=playbooks, live_stream=live_stream, unattended=unattended, sources=sources,
                          rules=rules if rules is not None else show_rules(script))
    attach(session, targets)
    return session


def assemble_resumed_show(recovery: Any, *, recorder: Any, obs: ObsLink | None = None, journal: Any = None,
                          matcher: Any = None, playbooks: Any = None, simulator: Any = None, replay: Any = None,
                          live_stream: bool = False, rules: Any = None) -> ShowSession:
    """The session of an interrupted show (``console.recovery.load_recovery``); call ``resume`` next.

    Its kind, speed, room and script are the recorded ones.
    """
    from console.targets.live import attach

    session = ShowSession.from_recovery(recovery, recorder=recorder, obs=obs, journal=journal, matcher=matcher,
                                        playbooks=playbooks, simulator=simulator, replay=replay,
                                        live_stream=live_stream,
                                        rules=rules if rules is not None else show_rules(recovery.script))
    attach(session, None)  # the shipped targets; the resumed show's own layers are not re-read (yet)
    return session


def load_resumed_show(engine: Any, show_id: str, *, recorder: Any, obs: ObsLink | None = None, journal: Any = None,
                      no_obs_refusal: str = "a live show is only resumed with OBS, and this window has none",
                      ) -> ShowSession:
    """The window's Resume show: the interrupted show read back, history included (database: off the GUI thread).

    A live show is only resumed with OBS (else RecoveryError with
    ``no_obs_refusal``, the window's translated sentence). The demo's rehearsal gets its
    simulated audience back (:func:`demo_simulator_for`).
    """
    from console.recovery import RecoveryError, load_recovery

    recovery = load_recovery(engine, show_id)
    if recovery.kind == "live" and obs is None:
        raise RecoveryError(no_obs_refusal)
    matcher, playbooks = load_show_helpers()
    session = assemble_resumed_show(recovery, recorder=recorder, obs=obs, journal=journal, matcher=matcher,
                                    playbooks=playbooks, simulator=demo_simulator_for(recovery))
    session.load_history()  # every recorded event and sample: here, never on the GUI thread
    return session


def demo_simulator_for(recovery: Any) -> Any:
    """The demo's rehearsal had the simulated audience: it gets it back (a user's show never does)."""
    from console.paths import resource

    demo = resource(*DEMO_SHOW)
    if recovery.kind != "rehearsal" or not recovery.script_path or str(demo) != str(recovery.script_path):
        return None
    return audience_simulator()


def assemble_demo_show(prepared: PreparedShow, *, recorder: Any, obs: ObsLink | None = None, journal: Any = None,
                       speed: float | None = None, room: str = "") -> ShowSession | None:
    """The demo's show from a prepared sample script: a rehearsal with the simulated audience.

    ``obs`` (a client, connected or still connecting) makes the cues run in
    OBS; without it they are recorded as missed. A rehearsal either way: the
    demo never starts a stream. None (logged) when the script did not load.
    """
    if prepared.script is None:
        log.warning("the demo show does not load: %s", "; ".join(str(d) for d in prepared.errors))
        return None
    if speed is None:
        speed = float(os.environ.get("LIVEROOM_DEMO_SPEED", DEMO_SPEED))
    return assemble_show(prepared.script, recorder=recorder, obs=obs, journal=journal, kind="rehearsal",
                         speed=speed, room=room, script_path=prepared.path, simulated_audience=True,
                         matcher=prepared.matcher, playbooks=prepared.playbooks, targets=prepared.targets)
