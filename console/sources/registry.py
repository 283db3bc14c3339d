"""Which audience source kinds exist, and how a spec becomes a running-ready source.

A kind's own module registers it at import time::

    from console.sources.registry import SourceKind, register
    register(SourceKind("oba", build_oba, default_target=DEFAULT_URL, check_target=check_url, ...))

and is named in :data:`KIND_MODULES`, which the registry imports the first time
a kind is looked up (so ``import console.sources.registry`` stays cheap and a
kind's library is only imported when sources are used). A module listed there
that is not installed is skipped: a kind that is absent is "unknown", with the
known kinds in the message.

A factory takes the target (never None: the default is filled in first) and a
:class:`SourceContext` — what the show offers every source: the sink its
events go to, the script's products, and the intake's address and token for a
source that runs in a child process and posts to ``/v1/events`` (``tiktok``).
It returns an :class:`~console.sources.base.AudienceSource` not yet started:
the show starts and stops it (:class:`console.sources.show_sources.ShowSources`).

Threads: registration happens at import; lookups from any thread (the table is
only written while the lock is held).
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from console.sources.base import AudienceSource, Sink
from console.sources.spec import KIND_PATTERN, SourceSpec, SourceSpecError, parse_source_spec

#: Modules that register a kind when imported. ``console.sources.tiktok`` is the
#: tiktok part's (its child process runs TikTokLive); absent until it lands.
KIND_MODULES = ("console.sources.oba", "console.sources.tiktok")


@dataclass(frozen=True, slots=True)
class SourceContext:
    """What a show hands every source factory."""

    #: Where the source's events go: ``AudiencePipeline.submit`` (a list of §3 events per call).
    sink: Sink
    #: The script's products (``ShowScript.products``): oba maps platform product ids through them.
    products: Any = ()
    #: ``http://HOST:PORT/v1/events`` of the show's intake when it is open (a child-process source posts there).
    intake_url: str | None = None
    #: Reads the intake's bearer token (the keyring: call it off the GUI thread). None without an intake.
    intake_token: Callable[[], str] | None = None
    #: Extra keyword arguments a test passes to every factory (clocks, backoff); empty in a show.
    options: dict[str, Any] = field(default_factory=dict)


SourceFactory = Callable[[str, SourceContext], AudienceSource]


@dataclass(frozen=True, slots=True)
class SourceKind:
    """One kind of audience source."""

    kind: str
    factory: SourceFactory
    #: The target a bare ``KIND`` means; None: the kind needs a target.
    default_target: str | None = None
    #: Raises ValueError saying what is wrong with a target; None: any non-empty target.
    check_target: Callable[[str], None] | None = None
    #: One line for ``--help`` and the window's dialog: what TARGET is.
    target_help: str = ""

    def __post_init__(self) -> None:
        if not KIND_PATTERN.fullmatch(self.kind):
            raise ValueError(f"a source kind must match {KIND_PATTERN.pattern}, got {self.kind!r}")


_kinds: dict[str, SourceKind] = {}
_lock = threading.Lock()
_modules_loaded = False


def register(kind: SourceKind, *, replace: bool = False) -> SourceKind:
    """Add ``kind``; registering a second kind of the same name is an error unless ``replace``."""
    with _lock:
        existing = _kinds.get(kind.kind)
        if existing is not None and not replace and existing.factory is not kind.factory:
            raise ValueError(f"the source kind '{kind.kind}' is already registered")
        _kinds[kind.kind] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a kind (tests that register one of their own)."""
    with _lock:
        _kinds.pop(name, None)


def _load_kind_modules() -> None:
    global _modules_loaded
    if _modules_loaded:
        return
    for module in KIND_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # the module is there but something it needs is not: say so
                raise
    _modules_loaded = True


def known_kinds() -> list[SourceKind]:
    """Every registered kind, by name."""
    _load_kind_modules()
    with _lock:
        return [_kinds[name] for name in sorted(_kinds)]


def lookup(name: str) -> SourceKind:
    """The kind called ``name``; :class:`SourceSpecError` naming the known kinds otherwise."""
    _load_kind_modules()
    with _lock:
        kind = _kinds.get(name)
        names = sorted(_kinds)
    if kind is None:
        raise SourceSpecError(f"unknown audience source kind '{name}' (known: {', '.join(names) or 'none'})")
    return kind


def resolve(spec: SourceSpec) -> SourceSpec:
    """``spec`` with its target filled in (the kind's default) and checked; SourceSpecError says why not."""
    kind = lookup(spec.kind)
    target = spec.target if spec.target is not None else kind.default_target
    if target is None:
        raise SourceSpecError(f"'{spec}': the {spec.kind} source needs a target ({spec.kind}:{kind.target_help or 'TARGET'})")
    if kind.check_target is not None:
        try:
            kind.check_target(target)
        except ValueError as exc:
            raise SourceSpecError(f"'{spec}': {exc}") from None
    return SourceSpec(spec.kind, target)


def parse_and_resolve(text: str) -> SourceSpec:
    """``--source`` text → a resolved spec (the command line's and the dialog's one check)."""
    return resolve(parse_source_spec(text))


def build(spec: SourceSpec, context: SourceContext) -> AudienceSource:
    """A source for ``spec`` (resolved here if it is not yet), not started."""
    resolved = resolve(spec)
    assert resolved.target is not None
    return lookup(resolved.kind).factory(resolved.target, context)
