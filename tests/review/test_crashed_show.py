"""A show whose console died mid-way (no end, a module still open) still reviews and exports."""

from __future__ import annotations

from console.recording import Recorder
from console.review import kpi_adapter, queries, report
from console.show.run_of_show import RunOfShow
from console.show.runtime import ShowRuntime

from .fixtures import UNIX_START, load_fixture_script


def test_a_show_that_never_ended_reviews_up_to_its_last_heartbeat(engine, tmp_path):
    script = load_fixture_script()
    recorder = Recorder(engine)
    runtime = ShowRuntime(script, RunOfShow(script), None, recorder, show_id="crashed", clock=lambda: UNIX_START,
                          kind="rehearsal")
    runtime.start(0.0)
    for second in range(1, 81):
        runtime.tick(float(second))  # opening ends at 60, product runs on; then the process "dies"
    recorder.flush()
    recorder.close()

    review = queries.load_review(engine, "crashed")
    assert review.show.status == "running" and review.show.ended_at is None
    assert review.show.duration_s == 80.0  # the last heartbeat
    timings = {t.module.module_id: t.actual_s for t in review.timings()}
    assert timings == {"opening": 60.0, "product": 20.0, "interaction": 0.0, "closing": 0.0}
    rows = kpi_adapter.formatted_rows(review.kpis)
    assert [r["module_id"] for r in rows] == ["opening", "product", "interaction", "closing", "TOTAL"]
    assert rows[-1]["actual_s"] == "80.00" and rows[-1]["interaction_rate"] == ""
    html = report.write_html(review, tmp_path / "crashed.html").read_text(encoding="utf-8")
    assert "Running" in html and "No incident." in html
