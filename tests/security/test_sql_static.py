"""SQL only through bound parameters, read from the source (issue 9 item 5).

Every call that hands SQL to the database — ``text()``, ``literal_column()``,
``DDL()``, ``exec_driver_sql()``, a DB-API ``execute()``/``executemany()``/
``executescript()``, Alembic's ``op.execute()`` — is found with the ``ast``
module in ``console/``, ``db/`` and ``ui/`` (not a regex over lines: a call
split over lines, an alias or a statement built a few lines earlier are all
seen). A finding is SQL text *built at run time*: an f-string, ``%``, ``+``,
``.format()``, ``.join()`` or ``str()``, directly or through a local name
assigned that way. Raw-SQL calls (``text()`` and friends) must be given a
literal string outright.

The allow-list holds only what is provably constant, each with its reason; the
test re-proves it (every interpolated name is a module-level literal) and fails
on a stale entry. A companion test feeds the scanner known-bad snippets, so a
scanner that finds nothing is not mistaken for clean code.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("console", "db", "ui")

#: Calls whose first argument *is* SQL text: it must be a literal (or a name bound only to literals).
RAW_SQL_CALLS = {"text", "literal_column", "DDL", "exec_driver_sql", "executescript"}
#: Calls that take a statement object or SQL text: SQL text built at run time is a finding.
EXECUTE_CALLS = {"execute", "executemany"}

#: (file, the f-string's literal start) → why it is constant. Nothing else may build SQL text.
ALLOWED = {
    ("db/engine.py", "PRAGMA busy_timeout="):
        "SQLite's PRAGMA takes no bound parameter; the value is SQLITE_BUSY_TIMEOUT_MS, a module-level int "
        "literal, never input",
}


@dataclasses.dataclass(frozen=True)
class Finding:
    path: str
    line: int
    call: str
    reason: str
    prefix: str  # the literal start of an f-string, to match the allow-list
    names: tuple[str, ...]  # names interpolated into it

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}(): {self.reason}"


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


class _Scope:
    """The assignments of one function (or the module): name → every value assigned to it."""

    def __init__(self, body: ast.AST) -> None:
        self.values: dict[str, list[ast.expr | None]] = {}
        for node in _walk_own(body):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name):
                value = node.value
                if isinstance(node, ast.AugAssign):
                    # `sql += …` builds text whenever the addend does (or is a string).
                    value = ast.BinOp(left=ast.Constant(""), op=node.op, right=node.value)
                self.values.setdefault(node.target.id, []).append(value)
            elif isinstance(node, (ast.For, ast.comprehension, ast.With, ast.NamedExpr)):
                for target in _targets(node):
                    self._bind(target, None)  # unknown: bound by iteration or a context manager

    def _bind(self, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self.values.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._bind(element, None)


def _targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, (ast.For, ast.comprehension)):
        return [node.target]
    if isinstance(node, ast.With):
        return [item.optional_vars for item in node.items if item.optional_vars is not None]
    if isinstance(node, ast.NamedExpr):
        return [node.target]
    return []


def _walk_own(body: ast.AST):
    """The nodes of a function or module, not descending into nested functions or classes."""
    stack = list(ast.iter_child_nodes(body))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, tree: ast.Module) -> None:
        self.path = path
        self.module = _Scope(tree)
        self.scopes = [self.module]
        self.findings: list[Finding] = []

    # scopes
    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.scopes.append(_Scope(node))
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815

    def _resolve(self, name: str) -> list[ast.expr | None] | None:
        for scope in reversed(self.scopes):
            if name in scope.values:
                return scope.values[name]
        return None

    # what a value is
    def _is_literal(self, node: ast.expr | None, depth: int = 0) -> bool:
        """A string literal, or a name every assignment of which is one."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return True
        if isinstance(node, ast.Name) and depth < 5:
            values = self._resolve(node.id)
            return bool(values) and all(self._is_literal(v, depth + 1) for v in values)
        return False

    def _builds_text(self, node: ast.expr | None, depth: int = 0) -> bool:
        """SQL text assembled at run time."""
        if node is None or depth > 5:
            return False
        if isinstance(node, ast.JoinedStr):
            return any(isinstance(part, ast.FormattedValue) for part in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            return any(self._is_literal(side) or self._builds_text(side, depth + 1) for side in (node.left, node.right))
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in ("format", "format_map", "join", "replace") and isinstance(node.func, ast.Attribute):
                return True
            return isinstance(node.func, ast.Name) and node.func.id == "str"
        if isinstance(node, ast.IfExp):
            return self._builds_text(node.body, depth + 1) or self._builds_text(node.orelse, depth + 1)
        if isinstance(node, ast.Name):
            values = self._resolve(node.id) or []
            return any(self._builds_text(v, depth + 1) for v in values)
        return False

    def _interpolated(self, node: ast.expr) -> tuple[str, tuple[str, ...]]:
        if isinstance(node, ast.Name):
            values = [v for v in self._resolve(node.id) or [] if isinstance(v, ast.JoinedStr)]
            node = values[0] if values else node
        if not isinstance(node, ast.JoinedStr):
            return "", ()
        prefix = node.values[0].value if node.values and isinstance(node.values[0], ast.Constant) else ""
        names = tuple(ast.unparse(part.value) for part in node.values if isinstance(part, ast.FormattedValue))
        return str(prefix), names

    def visit_Call(self, node: ast.Call) -> None:
        name = _call_name(node)
        argument = node.args[0] if node.args else None
        if argument is not None and name in RAW_SQL_CALLS | EXECUTE_CALLS:
            reason = None
            if self._builds_text(argument):
                reason = f"SQL text built at run time: {ast.unparse(argument)[:80]}"
            elif name in RAW_SQL_CALLS and not self._is_literal(argument):
                reason = f"raw SQL that is not a literal string: {ast.unparse(argument)[:80]}"
            if reason:
                prefix, names = self._interpolated(argument)
                self.findings.append(Finding(self.path, node.lineno, name, reason, prefix, names))
        self.generic_visit(node)


def scan_source(source: str, path: str = "<source>") -> list[Finding]:
    tree = ast.parse(source, filename=path)
    scanner = _Scanner(path, tree)
    scanner.visit(tree)
    return scanner.findings


def scan_project() -> list[Finding]:
    findings = []
    for folder in SCANNED:
        for file in sorted((ROOT / folder).rglob("*.py")):
            findings.extend(scan_source(file.read_text(encoding="utf-8"), str(file.relative_to(ROOT))))
    return findings


def _module_literals(path: str) -> dict[str, object]:
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    literals: dict[str, object] = {}
    assigned: dict[str, int] = {}
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
            if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            if isinstance(target, ast.Name):
                assigned[target.id] = assigned.get(target.id, 0) + 1
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if (len(targets) == 1 and isinstance(targets[0], ast.Name) and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, (int, float)) and not isinstance(node.value.value, bool)):
                literals[targets[0].id] = node.value.value
    # A name assigned anywhere else as well is not provably constant.
    return {name: value for name, value in literals.items() if assigned.get(name) == 1}


def test_no_sql_text_is_built_at_run_time():
    findings = scan_project()
    used = set()
    problems = []
    for finding in findings:
        key = (finding.path, finding.prefix)
        if key not in ALLOWED:
            problems.append(str(finding))
            continue
        used.add(key)
        constants = _module_literals(finding.path)
        unproven = [name for name in finding.names if name not in constants]
        if unproven:
            problems.append(f"{finding} — allow-listed, but {unproven} are not module-level number literals")
    assert not problems, "SQL must go through bound parameters (Core expressions or text() with :names):\n" + \
        "\n".join(problems)
    assert used == set(ALLOWED), f"stale allow-list entries (the code changed): {set(ALLOWED) - used}"


def test_the_scanner_finds_what_it_must():
    bad = '''
from sqlalchemy import text
import sqlalchemy as sa

def f(connection, cursor, user, table, op):
    connection.execute(text(f"SELECT * FROM shows WHERE title = '{user}'"))
    connection.execute(sa.text("SELECT * FROM " + table))
    connection.exec_driver_sql("DELETE FROM shows WHERE id = '%s'" % user)
    sql = "SELECT * FROM shows WHERE id = {}".format(user)
    connection.execute(sql)
    query = "SELECT 1"
    query += " WHERE x = " + user
    cursor.execute(query)
    cursor.executemany(" ".join(["INSERT", table]), [])
    op.execute(str(user))
    connection.execute(text(user))
    connection.execute(
        text(
            "SELECT * FROM shows WHERE id = '"
            + user
            + "'"
        )
    )
'''
    good = '''
from sqlalchemy import select, text
STATEMENT = "SELECT 1"

def g(connection, cursor, shows, user):
    connection.execute(select(shows).where(shows.c.title == user))
    connection.execute(text("SELECT * FROM shows WHERE title = :title"), {"title": user})
    connection.execute(text(STATEMENT))
    cursor.execute("PRAGMA foreign_keys=ON")
    statement = select(shows)
    connection.execute(statement)
    label.text()
'''
    lines = sorted(f.line for f in scan_source(bad))
    assert lines == [6, 7, 8, 10, 13, 14, 15, 16, 18], [str(f) for f in scan_source(bad)]
    assert scan_source(good) == []
