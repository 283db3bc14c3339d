"""``liveroom review``: list, show, export, and the exit codes of CONTRACTS.md §1."""

from __future__ import annotations

import os

import pytest

from console.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_shows_live_and_rehearsal_with_gmv_and_incidents(db_url, recorded, capsys):
    code, out, err = run(capsys, "--db", db_url, "review", "--list")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["id", "started", "kind"]
    live = next(line for line in lines if line.startswith("live-1"))
    rehearsal = next(line for line in lines if line.startswith("rehearsal-1"))
    # live: orders 249+498+249+249+249 (+249 duplicate event) − refund 498; 2 incidents; 5:00 long
    assert "1245.00" in live and " live " in live and "5:00" in live and live.split()[-5] == "2"
    assert " rehearsal " in rehearsal and "4:30" in rehearsal
    assert lines.index(live) < lines.index(rehearsal)  # newest first


def test_latest_prints_plan_against_reality_and_kpis(db_url, recorded, capsys):
    code, out, err = run(capsys, "--db", db_url, "review", "latest")
    assert code == 0, err
    assert "id live-1" in out
    assert any(line.startswith("product") and "+30.0" in line for line in out.splitlines())
    assert any(line.startswith("TOTAL,,,270.00,300.00,30.00,255,") for line in out.splitlines())


@pytest.mark.parametrize("suffix", [".csv", ".html"])
def test_export_writes_the_file(db_url, recorded, tmp_path, capsys, suffix):
    target = tmp_path / f"out{suffix}"
    code, out, err = run(capsys, "--db", db_url, "review", "live-1", "--export", str(target))
    assert code == 0, err
    assert target.stat().st_size > 100
    assert out.strip() == f"wrote {target}"
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".out")]  # no temp file left


def test_unknown_show_is_exit_1_with_one_line(db_url, recorded, capsys):
    code, out, err = run(capsys, "--db", db_url, "review", "no-such-show")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "no-such-show" in err


def test_latest_on_an_empty_database_is_exit_1(db_url, capsys):
    code, _, err = run(capsys, "--db", db_url, "review", "latest")
    assert code == 1 and len(err.strip().splitlines()) == 1


def test_unwritable_file_is_exit_1_with_one_line(db_url, recorded, tmp_path, capsys):
    code, _, err = run(capsys, "--db", db_url, "review", "live-1", "--export", str(tmp_path / "missing" / "x.html"))
    assert code == 1 and len(err.strip().splitlines()) == 1 and "cannot write" in err


def test_read_only_directory_is_exit_1(db_url, recorded, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        code, _, err = run(capsys, "--db", db_url, "review", "live-1", "--export", str(locked / "x.csv"))
        assert code == 1 and len(err.strip().splitlines()) == 1
    finally:
        locked.chmod(0o700)


def test_export_to_a_directory_is_exit_1(db_url, recorded, tmp_path, capsys):
    folder = tmp_path / "report.html"
    folder.mkdir()
    code, _, err = run(capsys, "--db", db_url, "review", "live-1", "--export", str(folder))
    assert code == 1 and "directory" in err


def test_unknown_extension_is_a_usage_error(db_url, recorded, tmp_path, capsys):
    code, _, err = run(capsys, "--db", db_url, "review", "live-1", "--export", str(tmp_path / "x.docx"))
    assert code == 2 and ".docx" in err
    assert not (tmp_path / "x.docx").exists()
