"""Engine factory: opens a database and brings its schema to the newest migration.

SQLite gets ``journal_mode=WAL`` and ``synchronous=NORMAL`` on every connection
(measured: a commit costs ~0.05 ms instead of ~0.8 ms, and a committed
transaction still survives a SIGKILL of the process, which is the crash the
console must survive) and a busy timeout so a reader never fails a writer.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: How long a SQLite connection waits for another writer before failing.
SQLITE_BUSY_TIMEOUT_MS = 10_000

_migrated: set[str] = set()
_migrate_lock = threading.Lock()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create(url: str) -> Engine:
    """An engine for ``url`` with the console's connection settings, no migration."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def migrate(engine: Engine, revision: str = "head") -> None:
    """Apply Alembic migrations up to ``revision`` on ``engine``."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_database(url: str | None = None, *, migrate_schema: bool = True) -> Engine:
    """Open ``url`` (default: the SQLite file in the user data directory), migrated to head."""
    if url is None:
        from console.paths import default_db_url

        url = default_db_url()
    engine = create(url)
    if migrate_schema:
        key = str(engine.url)
        with _migrate_lock:
            if key not in _migrated or key.endswith(":memory:"):
                migrate(engine)
                _migrated.add(key)
    return engine


def redacted(url: str) -> str:
    """The URL with its password hidden, for messages and logs (also when it does not parse)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL may still hold a password: hide it by shape
        return _URL_PASSWORD.sub(r"\1***@", url)


#: ``scheme://user:PASSWORD@`` in a URL SQLAlchemy could not parse.
_URL_PASSWORD = re.compile(r"(://[^/@:]*:)[^/@]*@")


def _passwords(url: str) -> set[str]:
    """The URL's password as written (maybe %-encoded) and decoded: a message may quote either."""
    found = _URL_PASSWORD.search(url)
    written = {found.group(0)[len(found.group(1)):-1]} if found else set()
    try:
        decoded = make_url(url).password
    except Exception:  # noqa: BLE001
        decoded = None
    return {p for p in written | {decoded} if p}


def open_failure(url: str | None, exc: BaseException) -> str:
    """One line for "the database cannot be opened": the URL redacted, the driver's first line, no password.

    SQLAlchemy's message spans lines (a hint, a link to its docs), and a
    driver may quote its connection string: only the first line is kept and
    the password is masked in it too.
    """
    where = redacted(url) if url else "the default SQLite file"
    lines = str(exc).strip().splitlines()
    reason = lines[0].strip() if lines else type(exc).__name__
    for password in sorted(_passwords(url), key=len, reverse=True) if url else ():
        reason = reason.replace(password, "***")
    return f"cannot open the database {where}: {reason}"
