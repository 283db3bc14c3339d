"""scripts/update_translations.py refreshes the catalogue from the UI without losing the report's words.

The report (console/review/report_words.py) reads the ``ReviewReport`` context of the
same .ts; no UI source names those strings, so a refresh that kept only what it scanned
dropped all of them (147 translated words) and the Chinese report turned English.
"""

from __future__ import annotations

import importlib.util
import shutil
import xml.etree.ElementTree as ElementTree

from console.paths import resource

SCRIPT = resource("i18n", "liveroom_zh_CN.ts").parents[2] / "scripts" / "update_translations.py"


def _translated(path) -> dict[tuple[str, str], str]:
    found = {}
    for context in ElementTree.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.text and translation.get("type") != "unfinished":
                found[(context.findtext("name"), message.findtext("source"))] = translation.text
    return found


def test_a_refresh_keeps_every_translation_of_the_report_and_of_the_window(tmp_path, monkeypatch):
    catalogue = tmp_path / "liveroom_zh_CN.ts"
    shutil.copy(resource("i18n", "liveroom_zh_CN.ts"), catalogue)
    before = _translated(catalogue)
    spec = importlib.util.spec_from_file_location("update_translations", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    monkeypatch.setattr(script, "TS_FILE", catalogue)
    assert script.main([]) == 0
    after = _translated(catalogue)
    report = {key: text for key, text in before.items() if key[0] == "ReviewReport"}
    assert len(report) > 100
    assert {key: after.get(key) for key in report} == report
    window = {key: text for key, text in before.items() if key[0] == "MainWindow"}
    assert window and {key: after.get(key) for key in window} == window
    assert (tmp_path / "liveroom_zh_CN.qm").stat().st_size > 10_000
