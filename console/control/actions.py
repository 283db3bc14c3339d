"""What ``POST /v1/control`` can do (CONTRACTS §11): the dispatch table and its checks.

Each action is an :class:`Action`: a name, a ``check(body)`` run on the
server's thread (a bad body → :class:`BadCommand`, 400, before anything is
queued, so nothing changes), and a ``run(context, body)`` run on the show's
tick thread (the GUI thread in the window, the headless loop) through the
same calls as the window's keys, recorded with origin ``api``. ``run`` raises
:class:`NotApplicable` (409) when the action does not apply now, and may
return a Future (an OBS request) that the server waits for before answering.

The table is open: :func:`register` adds or replaces an action. ``accept``/``dismiss`` close a rule's
proposal (console.rules.session) and ``ack_selling_cue`` acknowledges a selling reminder
(console.commerce.control), each through the same call as the window's key.
"""

from __future__ import annotations

import dataclasses
import math
import threading
from concurrent.futures import Future
from typing import Any, Callable, Protocol

#: The origin recorded with every command that came through the control API.
API_ORIGIN = "api"
#: ``extend``/``shorten`` without ``by``: the window's E / Shift+E step (ui/panels/timeline_panel.py).
DEFAULT_STEP_S = 60.0
#: The longest single extend/shorten the API takes: a typo of 6000 for 60 should not add 100 minutes.
MAX_STEP_S = 3600.0


class BadCommand(ValueError):
    """The body is malformed (400): missing or wrong fields, unknown action."""


class NotApplicable(RuntimeError):
    """The action does not apply now (409): no show, no OBS, no such module or incident."""


class ControlContext(Protocol):
    """What an action may touch, on the tick's thread. Built by the loop that drains the commands."""

    session: Any  # the ShowSession in progress, or None
    obs: Any  # the ObsLink (ObsClient), or None
    who: str  # the origin to record: "api", "auto-arm"
    mono: float  # the loop's instant (monotonic seconds) the commands run at

    def show_command(self, name: str, *args: Any) -> list[Any]:
        """Run a run-of-show command the way the window's keys do (``ShowSession.command``)."""

    def start_show(self) -> bool:
        """Start the loaded show (False when there is none or it already started)."""

    def stop_show(self) -> bool:
        """End the running show (False when none runs)."""

    def show_now(self) -> float:
        """Show-clock Unix seconds now (what incidents are stamped with)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Action:
    name: str
    run: Callable[[ControlContext, dict[str, Any]], Future | None]
    check: Callable[[dict[str, Any]], None] = lambda body: None
    #: One line for the docs and the 400 answer listing the actions.
    summary: str = ""


ACTIONS: dict[str, Action] = {}


def register(action: Action) -> Action:
    """Add ``action`` to the table (or replace the one of the same name: a stub declared here)."""
    ACTIONS[action.name] = action
    return action


def check_body(body: Any, table: dict[str, Action] | None = None) -> Action:
    """The action a request body names, its fields checked; :class:`BadCommand` says what is wrong."""
    table = ACTIONS if table is None else table
    if not isinstance(body, dict):
        raise BadCommand("the body must be a JSON object like {\"do\": \"next\"}")
    name = body.get("do")
    if not isinstance(name, str) or not name:
        raise BadCommand("missing \"do\": the action's name (" + ", ".join(sorted(table)) + ")")
    action = table.get(name)
    if action is None:
        raise BadCommand(f"unknown action '{name}'; known: " + ", ".join(sorted(table)))
    action.check(body)
    return action


# ------------------------------------------------------------------ field checks
def _positive_int(field: str) -> Callable[[dict[str, Any]], None]:
    def check(body: dict[str, Any]) -> None:
        value = body.get(field)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise BadCommand(f"\"{field}\" must be a whole number from 1, got {value!r}")
    return check


def _text(field: str, *, required: bool = True) -> Callable[[dict[str, Any]], None]:
    def check(body: dict[str, Any]) -> None:
        value = body.get(field)
        if value is None and not required:
            return
        if not isinstance(value, str) or not value.strip() or len(value) > 200:
            raise BadCommand(f"\"{field}\" must be a non-empty string, got {value!r}")
    return check


def _seconds(body: dict[str, Any]) -> None:
    value = body.get("by", DEFAULT_STEP_S)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 0 < value <= MAX_STEP_S:
        raise BadCommand(f"\"by\" must be seconds, more than 0 and at most {MAX_STEP_S:g}, got {value!r}")


def _check_item(body: dict[str, Any]) -> None:
    _text("incident_id")(body)
    value = body.get("check")
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, str))
                              or (isinstance(value, int) and value < 0)):
        raise BadCommand(f"\"check\" must be a check's index (from 0) or its text, got {value!r}")


# ------------------------------------------------------------------ the show
def _need_show(context: ControlContext) -> Any:
    session = context.session
    if session is None:
        raise NotApplicable("no show is loaded")
    if not session.started:
        raise NotApplicable("the show has not started")
    if session.ended:
        raise NotApplicable("the show has ended")
    return session


def _show_command(name: str, *args_from: Callable[[dict[str, Any]], Any]) -> Callable[[ControlContext, dict], None]:
    def run(context: ControlContext, body: dict[str, Any]) -> None:
        from console.show.effects import CommandIgnored

        _need_show(context)
        effects = context.show_command(name, *(arg(body) for arg in args_from))
        ignored = [effect for effect in effects if isinstance(effect, CommandIgnored)]
        if ignored:
            raise NotApplicable(f"{name}: {ignored[0].reason}")
    return run


def _jump(context: ControlContext, body: dict[str, Any]) -> None:
    session = _need_show(context)
    module_id = body["module_id"]
    if module_id not in {module.id for module in session.script.modules}:
        raise NotApplicable(f"no module '{module_id}' in the script")
    _show_command("jump", lambda b: b["module_id"])(context, body)


def _start(context: ControlContext, body: dict[str, Any]) -> None:
    if context.session is None:
        raise NotApplicable("no show is loaded")
    if not context.start_show():
        raise NotApplicable("the show has already started")


def _stop(context: ControlContext, body: dict[str, Any]) -> None:
    _need_show(context)
    context.stop_show()


# ------------------------------------------------------------------ OBS
def _need_obs(context: ControlContext) -> Any:
    obs = context.obs
    if obs is None:
        raise NotApplicable("no OBS in this console")
    state = getattr(obs.state, "value", obs.state)
    if state != "ok":
        raise NotApplicable(f"OBS is not connected ({state})")
    return obs


def _take_camera(context: ControlContext, body: dict[str, Any]) -> Future:
    """Key N: the N-th scene in OBS's order; to preview in studio mode, else straight to program."""
    obs = _need_obs(context)
    snapshot = obs.snapshot
    index = body["index"]
    if index > len(snapshot.scenes):
        raise NotApplicable(f"no camera {index}: OBS has {len(snapshot.scenes)} scenes")
    scene = snapshot.scenes[index - 1]
    request = "SetCurrentPreviewScene" if snapshot.studio_mode else "SetCurrentProgramScene"
    return obs.request(request, {"sceneName": scene}, origin=context.who)


def _studio_take(context: ControlContext, body: dict[str, Any]) -> Future:
    """Space: the preview goes on program with the current transition (studio mode only, as in the window)."""
    obs = _need_obs(context)
    if not obs.snapshot.studio_mode:
        raise NotApplicable("take needs studio mode: outside it a camera goes straight to program")
    return obs.request("TriggerStudioModeTransition", origin=context.who)


#: The transition a cut uses: OBS's built-in, present in every scene collection.
CUT_TRANSITION = "Cut"


#: How long a cut waits for OBS to report the new program scene before it restores the operator's
#: transition anyway.
CUT_RESTORE_AFTER_S = 2.0


def _cut(context: ControlContext, body: dict[str, Any]) -> Future:
    """The preview on program at once: the Cut transition, the preview scene to program, then the operator's
    transition back once OBS reports the new program scene.

    Not TriggerStudioModeTransition right after the transition change: measured on OBS 29 it sometimes left
    program where it was. And the transition is restored only after OBS's ``CurrentProgramSceneChanged``
    (or :data:`CUT_RESTORE_AFTER_S`): restored at once, OBS switched the scene but never sent the event, so
    the console's tally stayed on the old scene.
    """
    obs = _need_obs(context)
    snapshot = obs.snapshot
    if not snapshot.studio_mode:
        raise NotApplicable("cut needs studio mode: outside it a camera goes straight to program")
    scene = snapshot.preview_scene
    if not scene:
        raise NotApplicable("there is no preview scene to cut to")
    previous = snapshot.transition
    if previous is None or previous == CUT_TRANSITION:
        return obs.request("SetCurrentProgramScene", {"sceneName": scene}, origin=context.who)
    who = context.who
    restored = threading.Event()

    def restore(*_args: Any) -> None:
        # obs-worker (the event) or the timer's thread; the first one restores.
        if restored.is_set():
            return
        restored.set()
        timer.cancel()
        obs.obs_event.disconnect(on_event)
        obs.request("SetCurrentSceneTransition", {"transitionName": previous}, origin=who)

    def on_event(event_type: str, data: dict[str, Any]) -> None:
        if event_type == "CurrentProgramSceneChanged" and data.get("sceneName") == scene:
            restore()

    timer = threading.Timer(CUT_RESTORE_AFTER_S, restore)
    timer.name = "control-cut-restore"
    timer.daemon = True
    obs.obs_event.connect(on_event)
    obs.request("SetCurrentSceneTransition", {"transitionName": CUT_TRANSITION}, origin=who)
    take = obs.request("SetCurrentProgramScene", {"sceneName": scene}, origin=who)
    timer.start()
    return take


# ------------------------------------------------------------------ incidents
def _runner(context: ControlContext) -> Any:
    session = context.session
    playbooks = getattr(session, "playbooks", None) if session is not None else None
    if playbooks is None:
        raise NotApplicable("no show with playbooks is loaded")
    return playbooks.runner


def _runner_call(call: Callable[[Any, ControlContext, dict[str, Any]], Any]) -> Callable[[ControlContext, dict], None]:
    def run(context: ControlContext, body: dict[str, Any]) -> None:
        from console.contingency.runner import RunnerError

        runner = _runner(context)
        try:
            call(runner, context, body)
        except (RunnerError, KeyError) as exc:
            raise NotApplicable(str(exc).strip("'\"")) from None
    return run


def _complete_check(runner: Any, context: ControlContext, body: dict[str, Any]) -> None:
    """The named check, or (like the panel's key) the first one not yet done."""
    incident = runner.incident(body["incident_id"])
    check = body.get("check")
    if check is None:
        pending = [index for index, state in enumerate(incident.checks) if state.done_at is None]
        if not pending:
            raise NotApplicable("every check of this incident is done")
        check = pending[0]
    runner.complete_check(incident.id, check, context.who, context.show_now())


def _drill(context: ControlContext, body: dict[str, Any]) -> None:
    from console.contingency.runner import RunnerError

    session = context.session
    playbooks = getattr(session, "playbooks", None) if session is not None else None
    if playbooks is None:
        raise NotApplicable("no show with playbooks is loaded")
    try:
        playbooks.drill(body["playbook_id"], context.show_now(), who=context.who)
    except (RunnerError, KeyError) as exc:
        raise NotApplicable(str(exc).strip("'\"")) from None


def _proposal(verb: str) -> Callable[[ControlContext, dict], None]:
    """Accept or dismiss a rule's proposal (console.rules.session), as the banner's F9 / Shift+F9 do."""
    def run(context: ControlContext, body: dict[str, Any]) -> None:
        session = context.session
        rules = getattr(session, "rules", None) if session is not None else None
        if rules is None:
            raise NotApplicable("no show with adjustment rules is loaded")
        try:
            proposal_id = int(body["proposal_id"])
        except ValueError:
            raise NotApplicable(f"no proposal {body['proposal_id']!r}") from None
        try:
            getattr(rules, verb)(proposal_id, context.mono, who=context.who)  # type: ignore[attr-defined]
        except (ValueError, KeyError) as exc:
            raise NotApplicable(str(exc).strip("'\"")) from None
    return run


def _ack_selling_cue(context: ControlContext, body: dict[str, Any]) -> None:
    """The oldest open selling reminder (or ``reminder_id``), as the products panel's K does."""
    from console.commerce.control import ack_reminder

    status, error = ack_reminder(context.session, context.show_now() if context.session is not None else 0.0,
                                 body, who=context.who)
    if status == 400:
        raise BadCommand(error or "bad body")
    if status != 200:
        raise NotApplicable(error or "not now")


def not_wired(name: str, owner: str) -> Callable[[ControlContext, dict], None]:
    """The run of an action whose owner has not registered it yet: always 409, with who will wire it."""
    def run(context: ControlContext, body: dict[str, Any]) -> None:
        raise NotApplicable(f"'{name}' is not available in this console yet ({owner})")
    return run


for _action in (
    Action("start", _start, summary="start the loaded show"),
    Action("stop", _stop, summary="end the running show"),
    Action("next", _show_command("next"), summary="the next module (key N)"),
    Action("previous", _show_command("previous"), summary="the module before"),
    Action("hold", _show_command("hold"), summary="hold the module's clock (key H)"),
    Action("resume", _show_command("resume"), summary="let a held clock run again (key H)"),
    Action("extend", _show_command("extend", lambda body: float(body.get("by", DEFAULT_STEP_S))), _seconds,
           "extend the module by `by` seconds (default 60; key E)"),
    Action("shorten", _show_command("shorten", lambda body: float(body.get("by", DEFAULT_STEP_S))), _seconds,
           "shorten the module by `by` seconds (default 60; Shift+E)"),
    Action("jump", _jump, _text("module_id"), "go to module `module_id`"),
    Action("take_camera", _take_camera, _positive_int("index"),
           "camera `index` (1-based, OBS's scene order; key 1–9): preview in studio mode, else program"),
    Action("studio_take", _studio_take, summary="studio mode: preview to program (Space)"),
    Action("cut", _cut, summary="studio mode: preview to program with the Cut transition"),
    Action("ack", _runner_call(lambda runner, context, body: runner.acknowledge(body["incident_id"], context.who,
                                                                                context.show_now())),
           _text("incident_id"), "acknowledge incident `incident_id`"),
    Action("complete_check", _runner_call(_complete_check), _check_item,
           "tick off check `check` (index or text; default the first open one) of incident `incident_id`"),
    Action("resolve", _runner_call(lambda runner, context, body: runner.resolve(body["incident_id"], context.who,
                                                                               context.show_now())),
           _text("incident_id"), "resolve incident `incident_id`"),
    Action("drill", _drill, _text("playbook_id"), "run playbook `playbook_id` as a drill"),
    Action("accept", _proposal("accept"), _text("proposal_id"), "accept proposal `proposal_id` (F9)"),
    Action("dismiss", _proposal("dismiss"), _text("proposal_id"), "dismiss proposal `proposal_id` (Shift+F9)"),
    Action("ack_selling_cue", _ack_selling_cue,
           summary="acknowledge the oldest selling-cue reminder on screen, or `reminder_id` (K)"),
):
    register(_action)
