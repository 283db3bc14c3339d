"""``--source KIND[:TARGET]``: the spec parser and the kind registry (no network)."""

from __future__ import annotations

import pytest

from console.sources import registry
from console.sources.base import AudienceSource
from console.sources.oba import DEFAULT_URL, ObaSource
from console.sources.spec import (SourceSpec, SourceSpecError, format_source_specs, parse_source_spec,
                                  parse_source_specs)


@pytest.mark.parametrize(("text", "spec"), [
    ("oba", SourceSpec("oba", None)),
    ("oba:ws://127.0.0.1:12354", SourceSpec("oba", "ws://127.0.0.1:12354")),
    ("  tiktok:@shop_1 ", SourceSpec("tiktok", "@shop_1")),
    ("my-kind_2:a:b:c", SourceSpec("my-kind_2", "a:b:c")),
])
def test_a_spec_splits_at_the_first_colon(text: str, spec: SourceSpec) -> None:
    assert parse_source_spec(text) == spec


@pytest.mark.parametrize(("text", "says"), [
    ("", "empty"),
    (":ws://x", "lower-case name"),
    ("Oba:ws://x", "lower-case name"),
    ("oba:", "nothing after ':'"),
    ("9kind", "lower-case name"),
])
def test_a_bad_spec_says_why(text: str, says: str) -> None:
    with pytest.raises(SourceSpecError, match=says):
        parse_source_spec(text)


def test_specs_round_trip_through_one_line() -> None:
    specs = [SourceSpec("oba", "ws://127.0.0.1:1"), SourceSpec("tiktok", "@a")]
    assert parse_source_specs(format_source_specs(specs)) == specs
    assert parse_source_specs("   ") == []


def test_oba_is_registered_with_its_default_target() -> None:
    assert "oba" in [kind.kind for kind in registry.known_kinds()]
    assert registry.parse_and_resolve("oba") == SourceSpec("oba", DEFAULT_URL)
    assert registry.parse_and_resolve("oba:ws://10.1.2.3:9000") == SourceSpec("oba", "ws://10.1.2.3:9000")


@pytest.mark.parametrize(("text", "says"), [
    ("nosuch:x", "unknown audience source kind 'nosuch' \\(known: .*oba"),
    ("oba:http://127.0.0.1:1", "expected ws://HOST:PORT"),
    ("oba:ws://127.0.0.1:port", "not a number"),
])
def test_resolving_refuses_unknown_kinds_and_bad_targets(text: str, says: str) -> None:
    with pytest.raises(SourceSpecError, match=says):
        registry.parse_and_resolve(text)


def test_the_oba_factory_maps_orders_through_the_script_products() -> None:
    products = [{"sku": "SERUM-30", "platform_ids": ["3712"], "price": 199.0, "live_price": 149.0}]
    source = registry.build(SourceSpec("oba"), registry.SourceContext(sink=lambda events: None, products=products))
    assert isinstance(source, ObaSource)
    assert source.name == f"oba:{DEFAULT_URL}"
    assert source.mapper.products == {"3712": ("SERUM-30", 149.0)}


class _Quiet(AudienceSource):
    KIND = "quiet"

    def _serve(self, stopping):  # pragma: no cover - never started here
        stopping.wait()


def test_a_kind_registered_elsewhere_is_built_and_needs_its_target() -> None:
    made: list[tuple[str, object]] = []

    def factory(target: str, context: registry.SourceContext) -> AudienceSource:
        made.append((target, context.intake_url))
        return _Quiet(context.sink, target)

    registry.register(registry.SourceKind("quiet", factory, target_help="@NAME"))
    try:
        with pytest.raises(SourceSpecError, match="needs a target \\(quiet:@NAME\\)"):
            registry.parse_and_resolve("quiet")
        with pytest.raises(ValueError, match="already registered"):
            registry.register(registry.SourceKind("quiet", lambda target, context: _Quiet(context.sink, target)))
        source = registry.build(parse_source_spec("quiet:@room"),
                                registry.SourceContext(sink=lambda events: None, intake_url="http://127.0.0.1:8750"))
        assert source.name == "quiet:@room"
        assert made == [("@room", "http://127.0.0.1:8750")]
    finally:
        registry.unregister("quiet")
    with pytest.raises(SourceSpecError, match="unknown"):
        registry.parse_and_resolve("quiet:@room")
