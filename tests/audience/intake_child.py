"""Entry script for the SIGKILL test: an intake + recorder on a SQLite file, until killed.

Usage: python -m tests.audience.intake_child DB_PATH TOKEN [SLOW_COMMIT_MS]. Prints the bound port on
stdout, then serves. SLOW_COMMIT_MS stalls every commit (a slow disk), which widens the window in which
an early acknowledgement would be lost: the test then proves something.
"""

from __future__ import annotations

import sys
import threading
import time

from sqlalchemy import event

from console.audience.intake import AudienceIntake
from console.audience.pipeline import AudiencePipeline
from console.recording import Recorder
from db import schema
from db.engine import open_database


def main() -> None:
    db_path, token = sys.argv[1], sys.argv[2]
    slow_commit_s = float(sys.argv[3]) / 1000 if len(sys.argv) > 3 else 0.0
    engine = open_database(f"sqlite:///{db_path}")
    if slow_commit_s:
        event.listen(engine, "commit", lambda _connection: time.sleep(slow_commit_s))
    recorder = Recorder(engine)
    recorder.write(schema.shows, {"id": "killed", "title": "t", "kind": "rehearsal", "room": "", "speed": 1.0,
                                  "started_at": 0.0, "status": "running"}).result(10)
    pipeline = AudiencePipeline(recorder, "killed", module_at=lambda ts: "m1")
    intake = AudienceIntake("127.0.0.1", 0, token, pipeline.submit, rate_limit=None).start()
    print(intake.address[1], flush=True)
    threading.Event().wait()  # until SIGKILL


if __name__ == "__main__":
    main()
