"""``liveroom run … --targets FILE``: a bad file stops the run at its position; a good one runs (CONTRACTS §9.1)."""

from __future__ import annotations

import json

from console.cli import main
from tests.show.conftest import FIXTURE


def test_a_bad_targets_file_stops_the_run_with_file_line_col(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("targets:\n  interaction_rate: {min: many}\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'run.sqlite'}"
    assert main(["run", str(FIXTURE), "--headless", "--no-obs", "--rehearsal", "--db", db,
                 "--intake", "127.0.0.1:0", "--targets", str(bad)]) == 1
    assert f"{bad}:2:27: error: 'min' of the target of 'interaction_rate' must be a number" in capsys.readouterr().err


def test_a_run_with_targets_reviews_with_them(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text("targets:\n  gpm: {min: 0}\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'run.sqlite'}"
    assert main(["run", str(FIXTURE), "--headless", "--no-obs", "--rehearsal", "--speed", "200", "--simulate",
                 "--db", db, "--intake", "127.0.0.1:0", "--targets", str(good)]) == 0
    out = tmp_path / "review.json"
    assert main(["review", "latest", "--db", db, "--export", str(out), "--targets", str(good)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["show"]["rehearsal"] is True
    assert data["targets"]["targets"]["gpm"] == {"min": 0.0}
    assert all(module["status"]["gpm"] in ("ok", None) for module in data["modules"])  # gpm ≥ 0 never fails
    assert [m["module_id"] for m in data["modules"]]  # the actual timeline
    capsys.readouterr()
