"""Refresh resources/i18n/liveroom_zh_CN.ts from the UI sources, then compile the .qm.

Why not plain ``pyside6-lupdate``: the UI modules call a per-module helper
``_t("text")`` (one line, the context written once in ``_t``'s body), which
lupdate does not recognise. This script reads the sources with ``ast`` and
collects:

- ``_t("text")`` in a module whose ``_t`` returns
  ``QCoreApplication.translate("Context", text)``;
- ``QCoreApplication.translate("Context", "text")`` with literal arguments;
- ``self.tr("text")`` inside a class (context: the class name, as PySide6 uses).

Existing translations are kept; strings no longer in the sources are dropped;
new ones are added unfinished. The report's context (``ReviewReport``) is the
core's, not the UI's: console/review/report_words.py reads it from this file
for the headless HTML/PDF report, and its words are passed around as values
(``word(MODULE_TYPES, …)``) that no scan finds, so it is kept whole, edited by
hand. Then ``pyside6-lrelease`` writes the
``.qm`` the application loads. Translations themselves live in the .ts (edit
it with Qt Linguist or by hand).

    python scripts/update_translations.py [--fill-from resources/i18n/zh_CN_terms.json]
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "i18n" / "liveroom_zh_CN.ts"
SOURCES = ROOT / "ui"
#: Contexts kept whole from the existing file (see the module docstring).
HAND_KEPT_CONTEXTS = ("ReviewReport",)


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _helper_context(tree: ast.Module) -> str | None:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "_t":
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "translate":
                    if call.args and _literal(call.args[0]):
                        return _literal(call.args[0])
    return None


def extract(path: Path) -> list[tuple[str, str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    helper = _helper_context(tree)
    found: list[tuple[str, str, int]] = []

    class Visitor(ast.NodeVisitor):
        def __init__(self) -> None:
            self.classes: list[str] = []

        def visit_ClassDef(self, node: ast.ClassDef) -> None:
            self.classes.append(node.name)
            self.generic_visit(node)
            self.classes.pop()

        def visit_Call(self, node: ast.Call) -> None:
            func = node.func
            if isinstance(func, ast.Name) and func.id == "_t" and helper and node.args:
                text = _literal(node.args[0])
                if text is not None:
                    found.append((helper, text, node.lineno))
            elif isinstance(func, ast.Attribute) and func.attr == "translate" and len(node.args) >= 2:
                context, text = _literal(node.args[0]), _literal(node.args[1])
                if context and text is not None:
                    found.append((context, text, node.lineno))
            elif (isinstance(func, ast.Attribute) and func.attr == "tr" and isinstance(func.value, ast.Name)
                  and func.value.id == "self" and self.classes and node.args):
                text = _literal(node.args[0])
                if text is not None:
                    found.append((self.classes[-1], text, node.lineno))
            self.generic_visit(node)

    Visitor().visit(tree)
    return found


def read_existing(path: Path) -> dict[tuple[str, str], str]:
    if not path.exists():
        return {}
    existing: dict[tuple[str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is not None and translation.text and translation.get("type") not in ("unfinished",):
                existing[(name, source)] = translation.text
    return existing


def hand_kept(path: Path) -> dict[str, dict[str, list[tuple[str, int]]]]:
    """The messages (with their locations) of :data:`HAND_KEPT_CONTEXTS` in the existing file."""
    kept: dict[str, dict[str, list[tuple[str, int]]]] = {}
    if not path.exists():
        return kept
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        if name not in HAND_KEPT_CONTEXTS:
            continue
        for message in context.iter("message"):
            places = [(loc.get("filename", ""), int(loc.get("line", "1"))) for loc in message.iter("location")]
            kept.setdefault(name, {})[message.findtext("source") or ""] = places
    return kept


def write_ts(path: Path, messages: dict[str, dict[str, list[tuple[str, int]]]],
             translations: dict[tuple[str, str], str]) -> tuple[int, int]:
    root = ET.Element("TS", version="2.1", language="zh_CN")
    done = missing = 0
    for context_name in sorted(messages):
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = context_name
        for source, places in messages[context_name].items():
            message = ET.SubElement(context, "message")
            for file, line in places:
                ET.SubElement(message, "location", filename=file, line=str(line))
            ET.SubElement(message, "source").text = source
            translation = ET.SubElement(message, "translation")
            text = translations.get((context_name, source))
            if text:
                translation.text = text
                done += 1
            else:
                translation.set("type", "unfinished")
                missing += 1
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return done, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill-from", type=Path, help="JSON {context: {source: translation}} merged in")
    args = parser.parse_args(argv)
    messages: dict[str, dict[str, list[tuple[str, int]]]] = {}
    for path in sorted(SOURCES.rglob("*.py")):
        relative = str(path.relative_to(TS_FILE.parent, walk_up=True)) if sys.version_info >= (3, 12) else \
            "../../" + str(path.relative_to(ROOT))
        for context, text, line in extract(path):
            messages.setdefault(context, {}).setdefault(text, []).append((relative, line))
    for context, entries in hand_kept(TS_FILE).items():
        for source, places in entries.items():
            messages.setdefault(context, {}).setdefault(source, places)
    translations = read_existing(TS_FILE)
    if args.fill_from:
        for context, entries in json.loads(args.fill_from.read_text(encoding="utf-8")).items():
            for source, text in entries.items():
                translations[(context, source)] = text
    done, missing = write_ts(TS_FILE, messages, translations)
    print(f"{TS_FILE.name}: {done} translated, {missing} unfinished")
    lrelease = shutil.which("pyside6-lrelease")
    if lrelease is None:
        print("pyside6-lrelease not found (it ships with PySide6-Essentials)", file=sys.stderr)
        return 1
    return subprocess.call([lrelease, str(TS_FILE), "-qm", str(TS_FILE.with_suffix(".qm"))])


if __name__ == "__main__":
    sys.exit(main())
