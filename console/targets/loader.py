"""Targets YAML (CONTRACTS.md §9.1) → :class:`~console.targets.model.Targets`, every error at FILE:LINE:COL.

Three places carry targets, merged per KPI in this order (the later wins):
the shipped defaults (:data:`~console.targets.model.SHIPPED`), the team file
(``targets.yaml`` in the user config folder), a show script's ``targets:``
block, and ``--targets FILE``. :func:`resolve_targets` does the merge.

A script's block has the file's shape (``targets``, ``by_module_type``,
``warn_margin``); as a shorthand it may be just the KPI map (``targets:
{interaction_rate: {min: 0.3}}`` at the top of the script), told apart by its
keys (no KPI is called ``targets``, ``by_module_type`` or ``warn_margin``).
"""

from __future__ import annotations

from pathlib import Path

from console import paths
from console.metrics.kpi import KPI_NAMES
from console.show.model import MODULE_TYPES
from console.show.node_checks import NodeChecks, describe_kind
from console.targets.model import SHIPPED, Bound, Targets
from console.yamlpos import Diagnostic, PMap, PNode, PScalar, Position, YamlLoadError, load_file, load_text

FILE_KEYS = ("version", "targets", "by_module_type", "warn_margin")
#: What a targets file is told apart by in `liveroom lint` (a show script has `show`/`modules`).
TARGETS_FILE_KEYS = ("targets", "by_module_type", "warn_margin")
#: KPIs a target may name: every §4/§4.1 KPI (ratios, money, counts, durations).
TARGETABLE = KPI_NAMES
TEAM_FILE_NAME = "targets.yaml"


class TargetsError(Exception):
    """A targets file or block does not load; ``diagnostics`` say where and why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


class _TargetChecks(NodeChecks):
    def document(self, node: PNode | None, source: str, *, whole_file: bool) -> Targets | None:
        if node is None:
            self.error(Position(self.file, 1, 1), "empty", "the targets file is empty; it needs 'targets'")
            return None
        top = self.mapping(node, "a targets file" if whole_file else "the script's 'targets'")
        if top is None:
            return None
        keys = set(top.keys())
        if not whole_file and not keys & set(FILE_KEYS):
            # The shorthand: the block is the KPI map itself.
            show = self.bounds(top, "the script's 'targets'")
            return Targets(show, {}, sources=(source,)) if show is not None else None
        self.fields(top, FILE_KEYS, (), "a targets file" if whole_file else "the script's 'targets'")
        version_node = top.get("version")
        if version_node is not None and (isinstance(version_node.plain(), bool) or version_node.plain() != 1):
            self.error(version_node.pos, "bad-value",
                       f"unsupported version {describe_kind(version_node)}; this console reads version 1")
        if whole_file and not keys & {"targets", "by_module_type"}:
            self.error(top.pos, "missing-field", "a targets file needs 'targets' or 'by_module_type'")
        show: dict[str, Bound] | None = {}
        if _given(top.get("targets")):
            targets_node = self.mapping(top.get("targets"), "'targets' (KPI: {min|max: number})")
            show = self.bounds(targets_node, "'targets'") if targets_node is not None else None
        by_type: dict[str, dict[str, Bound]] = {}
        ok = show is not None
        if _given(top.get("by_module_type")):
            types_node = self.mapping(top.get("by_module_type"), "'by_module_type' (module type: KPI targets)")
            if types_node is None:
                ok = False
            else:
                for module_type, bounds_node in types_node.items():
                    if module_type not in MODULE_TYPES:
                        self.error(types_node.key_pos(module_type), "unknown-type",
                                   f"unknown module type '{module_type}' (known: {', '.join(MODULE_TYPES)})")
                        ok = False
                        continue
                    what = f"'by_module_type.{module_type}'"
                    bounds_map = self.mapping(bounds_node, what)
                    bounds = self.bounds(bounds_map, what) if bounds_map is not None else None
                    if bounds is None:
                        ok = False
                    else:
                        by_type[module_type] = bounds
        margin = SHIPPED.warn_margin
        margin_given = False
        if _given(top.get("warn_margin")):
            margin_node = top.get("warn_margin")
            value = margin_node.plain() if isinstance(margin_node, PScalar) else None
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
                self.error(margin_node.pos, "bad-value",
                           f"'warn_margin' must be a number from 0 to below 1 (0.1 = within 10 %), "
                           f"not {describe_kind(margin_node)}")
                ok = False
            else:
                margin, margin_given = float(value), True
        if not ok or self.error_count():
            return None
        return Targets(show or {}, by_type, margin, (source,), margin_given=margin_given)

    def bounds(self, node: PMap, what: str) -> dict[str, Bound] | None:
        bounds: dict[str, Bound] = {}
        ok = True
        for name, bound_node in node.items():
            if name not in TARGETABLE:
                self.error(node.key_pos(name), "unknown-kpi",
                           f"unknown KPI '{name}' in {what} (known: {', '.join(TARGETABLE)})")
                ok = False
                continue
            entry = self.mapping(bound_node, f"the target of '{name}' ({{min: number}} or {{max: number}})")
            if entry is None:
                ok = False
                continue
            if not self.fields(entry, ("min", "max"), (), f"the target of '{name}'"):
                ok = False
            given = [key for key in ("min", "max") if key in entry.keys()]
            if len(given) != 1:
                self.error(entry.pos, "bad-value",
                           f"the target of '{name}' needs exactly one of 'min' (at least) or 'max' (at most)")
                ok = False
                continue
            value = self.number_field(entry, given[0], f"the target of '{name}'")
            if value is None:
                if not _given(entry.get(given[0])):
                    self.error(entry.key_pos(given[0]), "missing-field", f"'{given[0]}' of '{name}' is empty")
                ok = False
                continue
            bounds[name] = Bound(given[0], float(value))  # type: ignore[arg-type]
        return bounds if ok else None


def _given(node: PNode | None) -> bool:
    return node is not None and not (isinstance(node, PScalar) and node.value is None)


def targets_from_node(node: PNode | None, file: str, *, whole_file: bool, source: str | None = None
                      ) -> tuple[Targets | None, list[Diagnostic]]:
    """Validate a parsed targets file (``whole_file``) or a script's ``targets:`` block."""
    checks = _TargetChecks(file)
    targets = checks.document(node, source or file, whole_file=whole_file)
    return targets, checks.diagnostics


def load_targets_file(path: str | Path) -> tuple[Targets | None, list[Diagnostic]]:
    """Read and validate a targets file; never raises for bad input (the diagnostics say why)."""
    try:
        root = load_file(path)
    except YamlLoadError as exc:
        return None, [exc.diagnostic]
    except OSError as exc:
        return None, [Diagnostic(Position(str(path), 1, 1), "error", "unreadable", f"cannot read the file: {exc.strerror}")]
    return targets_from_node(root, str(path), whole_file=True)


def load_targets(path: str | Path) -> Targets:
    """:func:`load_targets_file` that raises :class:`TargetsError` with every diagnostic."""
    targets, diagnostics = load_targets_file(path)
    if targets is None:
        raise TargetsError(diagnostics)
    return targets


def script_targets(script: object) -> Targets | None:
    """The ``targets:`` block of a loaded show script (None without one), read from its own text.

    The script model keeps the text it was loaded from; reading the block
    from it keeps the loader's share of targets to one validation call.
    """
    text = getattr(script, "source_text", "") or ""
    if "targets" not in text:
        return None
    file = str(getattr(script, "file", "<script>"))
    root = load_text(text, file)
    if not isinstance(root, PMap) or not _given(root.get("targets")):
        return None
    targets, diagnostics = targets_from_node(root.get("targets"), file, whole_file=False,
                                             source=f"{file} (targets:)")
    if targets is None:
        raise TargetsError(diagnostics)
    return targets


def team_file() -> Path:
    return paths.config_dir() / TEAM_FILE_NAME


def resolve_targets(*, script: object | None = None, targets_file: str | Path | None = None,
                    team: Path | None = None) -> Targets:
    """Shipped defaults < team file < the script's ``targets:`` < ``--targets FILE`` (per KPI).

    Raises :class:`TargetsError` (FILE:LINE:COL diagnostics) when any layer is invalid.
    """
    merged = SHIPPED
    team_path = team if team is not None else team_file()
    if team_path.is_file():
        merged = merged.overridden_by(load_targets(team_path))
    if script is not None:
        merged = merged.overridden_by(script_targets(script))
    if targets_file is not None:
        merged = merged.overridden_by(load_targets(targets_file))
    return merged
