"""The bundled sample shows lint clean (no errors, no warnings) and run end to end."""

from __future__ import annotations

import io

import pytest

from console.paths import resource
from console.show.run_of_show import RunOfShow
from console.show.lint import check_against_obs, lint_command
from console.show.loader import load_script

SAMPLES = ["skincare_launch.yaml", "farm_origin.yaml"]
SANDBOX_SCENES = {"机位A 全景", "机位B 特写", "机位C 产品台", "稍后回来"}
SANDBOX_SOURCES = {"字幕条", "倒计时", "麦克风"}


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_lints_clean_and_lasts_60_to_90_minutes(name):
    path = resource("shows", name)
    result = load_script(path)
    assert result.ok and result.diagnostics == [], [str(d) for d in result.diagnostics]
    script = result.script
    assert 60 * 60 <= script.planned_total <= 90 * 60
    assert {m.type for m in script.modules} == {"opening", "explanation", "interaction", "conversion", "break",
                                                "closing"}
    assert set(script.show.scenes.values()) == SANDBOX_SCENES
    assert check_against_obs(script, SANDBOX_SCENES, SANDBOX_SOURCES) == []
    out, err = io.StringIO(), io.StringIO()
    assert lint_command([str(path)], False, out, err) == 0 and out.getvalue() == ""


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_runs_to_the_end_headless(name):
    script = load_script(resource("shows", name)).script
    engine = RunOfShow(script, auto_advance=True)
    engine.start(0.0)
    now = 0.0
    while engine.state == "running" and now < 3 * 3600:
        now += 7.0
        engine.tick(now)
    assert engine.state == "ended" and engine.ended_at == script.planned_total
    assert len(engine.fired_cues) == sum(len(m.cues) for m in script.modules)


def test_check_against_obs_points_at_missing_scenes_and_sources():
    script = load_script(resource("shows", "skincare_launch.yaml")).script
    findings = check_against_obs(script, SANDBOX_SCENES - {"机位B 特写"}, SANDBOX_SOURCES - {"倒计时"})
    assert all(d.severity == "warning" for d in findings)
    scene_warnings = [d for d in findings if d.code == "obs-missing-scene"]
    assert [(d.position.line, d.position.col) for d in scene_warnings] == [(10, 14)]
    assert "机位B 特写" in scene_warnings[0].message and "closeup" in scene_warnings[0].message
    source_warnings = [d for d in findings if d.code == "obs-missing-source"]
    assert len(source_warnings) == 2 and all("倒计时" in d.message for d in source_warnings)
