"""Comments scanned per second: the console's matcher (normalisation included) against
a naive ``any(term in text for term in terms)`` loop, same lexicon, same run.

5,000 terms (the shipped lexicon plus generated CJK terms) over 100,000 generated
comments of 5–40 characters, some full-width, some with separators, ~2 % with a hit.
"""

from __future__ import annotations

import random
import time

from console.compliance.matcher import load_matcher

TERMS = 5_000
COMMENTS = 100_000
NAIVE_SAMPLE = 2_000
COMMON = (
    "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能"
    "对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看还进现没动面两样长开它问很新美价"
)


def _lexicon(rng: random.Random, matcher_terms: list[str]) -> list[str]:
    terms = list(matcher_terms)
    while len(terms) < TERMS:
        # Made-up 3-5 character terms over the whole CJK block: like real terms,
        # they rarely occur by chance in ordinary comments.
        terms.append("".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(3, 5))))
    return terms[:TERMS]


def _comments(rng: random.Random, terms: list[str]) -> list[str]:
    comments = []
    for _ in range(COMMENTS):
        text = "".join(rng.choice(COMMON) for _ in range(rng.randint(5, 40)))
        roll = rng.random()
        if roll < 0.02:
            cut = rng.randint(0, len(text))
            text = text[:cut] + rng.choice(terms) + text[cut:]
        elif roll < 0.05:
            text = text.replace("的", " 的 ")
        elif roll < 0.07:
            text += "ＡＢＣ１２３"
        comments.append(text)
    return comments


def measure() -> dict[str, float]:
    rng = random.Random(20261128)
    import tempfile
    from pathlib import Path

    shipped = load_matcher()
    terms = _lexicon(rng, list(shipped._terms))
    with tempfile.TemporaryDirectory() as folder:
        user = Path(folder)
        (user / "generated.txt").write_text("# severity: risky\n" + "\n".join(terms) + "\n", encoding="utf-8")
        matcher = load_matcher(user_dir=user)
    comments = _comments(rng, terms)

    # Sustained rate: the median of three passes over the 100,000 comments.
    passes = []
    for _ in range(3):
        started = time.perf_counter()
        results = matcher.scan_many(comments)
        passes.append(time.perf_counter() - started)
    elapsed = sorted(passes)[1]
    hits = sum(1 for r in results if r)

    single_started = time.perf_counter()
    for text in comments[:20_000]:
        matcher.find(text)
    single_rate = 20_000 / (time.perf_counter() - single_started)

    sample = comments[:NAIVE_SAMPLE]
    naive_started = time.perf_counter()
    naive_hits = sum(1 for text in sample if any(term in text for term in terms))
    naive_elapsed = time.perf_counter() - naive_started
    return {"rate": COMMENTS / elapsed, "baseline": NAIVE_SAMPLE / naive_elapsed, "hits": hits,
            "single_rate": single_rate, "terms": matcher.term_count, "naive_hits": naive_hits}


def test_compliance_bench() -> None:
    result = measure()
    print()
    print(f"BENCH name=compliance_scan value={result['rate']:.0f} unit=comments/s baseline={result['baseline']:.0f} "
          f"ratio={result['rate'] / result['baseline']:.1f} n={COMMENTS}")
    print(f"# find() one at a time: {result['single_rate']:.0f} comments/s; {result['terms']} terms; "
          f"{result['hits']} comments with hits")
    assert result["hits"] > COMMENTS * 0.01


if __name__ == "__main__":
    test_compliance_bench()
