"""Sign-off for regulated content (issue 16 point 6; CONTRACTS.md §12).

A script whose talking points, cue text or selling points hit the lexicon's
``medical`` or ``false_claims`` categories (the ones a lawyer or compliance
officer signs off) cannot run ``--live`` until ``liveroom approve SCRIPT --by
NAME`` has recorded an approval of exactly that text: the approval stores the
script's SHA-256 (the same digest ``shows.script_sha256`` records — of the
UTF-8 text without a BOM), so editing the script voids it. Rehearsals are
always allowed. Approvals live in ``script_approvals`` (migration 0008), one
row per approval; the newest matching one counts.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any, TextIO

from console.show.model import ShowScript

#: The lexicon categories (file stems in resources/compliance/) that need a sign-off.
REGULATED_CATEGORIES = ("medical", "false_claims")


@dataclasses.dataclass(frozen=True, slots=True)
class RegulatedHit:
    where: str  # "module 'serum' talking points", "cue 2 of module 'serum'", "product 'A-1' selling points"
    term: str  # the words as written
    category: str


def script_digest(script: ShowScript) -> str:
    return hashlib.sha256(script.source_text.encode("utf-8")).hexdigest()


def regulated_hits(script: ShowScript, matcher: Any | None = None) -> list[RegulatedHit]:
    """Every hit of a regulated category in what the anchor says or is shown."""
    if matcher is None:
        from console.compliance import default_matcher

        matcher = default_matcher()
    texts: list[tuple[str, str]] = []
    for module in script.modules:
        texts.append((f"module '{module.id}' talking points", module.talking_points))
        for index, cue in enumerate(module.cues, 1):
            if cue.text:
                texts.append((f"cue {index} of module '{module.id}'", cue.text))
    for product in script.products:
        for point in product.selling_points:
            texts.append((f"product '{product.sku}' selling points", point))
    hits = []
    for where, text in texts:
        for hit in matcher.find(text):
            if hit.category in REGULATED_CATEGORIES:
                hits.append(RegulatedHit(where, text[hit.start:hit.end], hit.category))
    return hits


def approval_of(engine: Any, digest: str) -> dict[str, Any] | None:
    """The newest approval recorded for this exact script text, or None."""
    from sqlalchemy import select

    from db import schema

    table = schema.script_approvals
    with engine.connect() as connection:
        row = connection.execute(select(table.c.approved_by, table.c.approved_at, table.c.script_path)
                                 .where(table.c.sha256 == digest)
                                 .order_by(table.c.approved_at.desc()).limit(1)).first()
    return None if row is None else {"approved_by": row.approved_by, "approved_at": row.approved_at,
                                     "script_path": row.script_path}


def live_refusal(engine: Any, script: ShowScript, matcher: Any | None = None) -> str | None:
    """Why this script may not go live (one line), or None when it may."""
    hits = regulated_hits(script, matcher)
    if not hits:
        return None
    if approval_of(engine, script_digest(script)) is not None:
        return None
    first = hits[0]
    voided = _approved_before(engine, script.file)
    reason = "its approval was voided by an edit" if voided else "it has no approval"
    return (f"{script.file} cannot run --live: {len(hits)} medical/false-claims wording hit(s) "
            f"(first: '{first.term}' in {first.where}) and {reason}; "
            f"have it approved: liveroom approve {script.file} --by NAME (rehearsals are allowed)")


def approve(engine: Any, script: ShowScript, by: str, now: float, path: str | None = None) -> list[RegulatedHit]:
    """Record the approval of ``script`` by ``by`` at ``now``; returns the hits it approves."""
    from db import schema

    hits = regulated_hits(script)
    with engine.begin() as connection:
        connection.execute(schema.script_approvals.insert().values(
            sha256=script_digest(script), script_path=path or script.file, title=script.show.title,
            approved_by=by, approved_at=now,
            hits=[{"where": h.where, "term": h.term, "category": h.category} for h in hits]))
    return hits


def approve_command(args: Any, out: TextIO, err: TextIO, now: float) -> int:
    """``liveroom approve SCRIPT --by NAME``: 0 recorded; 1 with one line (script errors, database)."""
    from db.engine import open_database, open_failure

    from console.show.loader import load_script

    by = (args.by or "").strip()
    if not by:
        print("liveroom approve: --by NAME must name who approves", file=err)
        return 2
    result = load_script(args.script)
    if result.script is None:
        for diagnostic in result.errors:
            print(diagnostic, file=err)
        print(f"liveroom approve: {args.script} has errors; fix them first (liveroom lint {args.script})", file=err)
        return 1
    try:
        engine = open_database(getattr(args, "db", None))
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        print(f"liveroom approve: {open_failure(getattr(args, 'db', None), exc)}", file=err)
        return 1
    try:
        hits = approve(engine, result.script, by, now, str(args.script))
    finally:
        engine.dispose()
    digest = script_digest(result.script)
    if hits:
        print(f"approved {args.script} (sha256 {digest}) by {by}: {len(hits)} medical/false-claims hit(s)", file=out)
        for hit in hits:
            print(f"  {hit.category}: '{hit.term}' in {hit.where}", file=out)
    else:
        print(f"approved {args.script} (sha256 {digest}) by {by}; it has no medical/false-claims wording, "
              f"so it needed no approval", file=out)
    return 0


def _approved_before(engine: Any, file: str) -> bool:
    """Whether some earlier text of this file was approved (to say "voided" rather than "none")."""
    from sqlalchemy import select

    from db import schema

    table = schema.script_approvals
    with engine.connect() as connection:
        return connection.execute(select(table.c.id).where(table.c.script_path == file).limit(1)).first() is not None
