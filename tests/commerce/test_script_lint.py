"""Commerce fields of the show script (CONTRACTS.md §10) and their lint, with exact positions."""

from __future__ import annotations

from console.show.loader import load_script_text
from tests.commerce.fixtures_script import COMMERCE_SCRIPT


def findings(text: str) -> list[tuple[str, str, int, int]]:
    result = load_script_text(text, "show.yaml")
    return [(d.severity, d.code, d.position.line, d.position.col) for d in result.diagnostics]


def test_products_and_selling_cues_load_typed() -> None:
    result = load_script_text(COMMERCE_SCRIPT, "show.yaml")
    assert result.errors == []
    script = result.script
    assert script is not None
    serum = script.product("A-1")
    assert serum.category == "护肤"
    assert serum.platform_ids == ("3720001",)
    assert serum.low_stock == 20
    assert serum.must_mention == ("保质期",)
    assert serum.selling_points == ("温和不刺激", "秋冬保湿")
    explain = script.module("serum").cues[0]
    assert (explain.do, explain.sku, explain.every, explain.until) == ("explain", "A-1", 8.0, 120.0)
    assert not explain.sends_to_obs
    sale = script.module("snacks").cues[1]
    assert (sale.do, sale.sku, sale.stock, sale.until) == ("flash_sale", "B-2", 5, 180.0)
    assert sale.action() == {"do": "flash_sale", "sku": "B-2", "until": 180.0, "stock": 5}
    # The fixture's must_mention is said in the serum module: no warning about it.
    assert not [d for d in result.warnings if d.code == "must-mention-missing"]


def test_cue_with_an_sku_not_in_the_catalogue_is_an_error_at_the_sku() -> None:
    text = COMMERCE_SCRIPT.replace("{at: 3m, do: link_up, sku: A-1}", "{at: 3m, do: link_up, sku: Z-9}")
    result = load_script_text(text, "show.yaml")
    assert result.script is None
    errors = [(d.code, d.position.line, d.position.col) for d in result.errors]
    line = text.splitlines().index("      - {at: 3m, do: link_up, sku: Z-9}") + 1
    assert errors == [("unknown-sku", line, text.splitlines()[line - 1].index("Z-9") + 1)]


def test_flash_sale_longer_than_its_module_is_an_error_at_until() -> None:
    old = "{at: 1m, do: flash_sale, sku: B-2, stock: 5, until: 3m}"
    new = "{at: 1m, do: flash_sale, sku: B-2, stock: 5, until: 4m30s}"
    text = COMMERCE_SCRIPT.replace(old, new)
    result = load_script_text(text, "show.yaml")
    assert result.script is None
    line = text.splitlines().index("      - " + new) + 1
    col = text.splitlines()[line - 1].index("4m30s") + 1
    assert [(d.code, d.position.line, d.position.col) for d in result.errors] == [("flash-sale-too-long", line, col)]
    assert "past the end of its module" in result.errors[0].message
    # Exactly to the module's end is allowed.
    assert load_script_text(COMMERCE_SCRIPT.replace(old, old.replace("3m}", "4m}")), "show.yaml").errors == []


def test_must_mention_missing_from_a_featuring_module_is_a_warning_at_its_talking_points() -> None:
    text = COMMERCE_SCRIPT.replace("这款精华液保质期三年，温和不刺激。", "这款精华液温和不刺激。")
    result = load_script_text(text, "show.yaml")
    assert result.script is not None  # a warning keeps the script
    warnings = [d for d in result.warnings if d.code == "must-mention-missing"]
    assert len(warnings) == 1
    lines = text.splitlines()
    module_line = lines.index("  - id: serum") + 1
    talking_line = next(i for i, line in enumerate(lines, 1) if i > module_line and "talking_points" in line)
    # The value of talking_points (a block scalar) starts on its key's line.
    assert (warnings[0].position.line, warnings[0].position.col) == (talking_line, lines[talking_line - 1].index("|") + 1)
    assert "保质期" in warnings[0].message and "A-1" in warnings[0].message


def test_selling_cue_fields_are_typed_and_positioned() -> None:
    text = COMMERCE_SCRIPT.replace("{at: 3m, do: link_up, sku: A-1}", "{at: 3m, do: link_up, sku: A-1, every: soon}")
    line = text.splitlines().index("      - {at: 3m, do: link_up, sku: A-1, every: soon}") + 1
    col = text.splitlines()[line - 1].index("soon") + 1
    assert ("error", "bad-duration", line, col) in findings(text)
    text = COMMERCE_SCRIPT.replace("{at: 3m, do: link_up, sku: A-1}", "{at: 3m, do: link_up, sku: A-1, stock: 3}")
    line = text.splitlines().index("      - {at: 3m, do: link_up, sku: A-1, stock: 3}") + 1
    col = text.splitlines()[line - 1].index("stock") + 1
    assert ("error", "unknown-field", line, col) in findings(text)
    text = COMMERCE_SCRIPT.replace("    low_stock: 20\n", "    low_stock: many\n")
    line = text.splitlines().index("    low_stock: many") + 1
    assert ("error", "wrong-type", line, 16) in findings(text)
    text = COMMERCE_SCRIPT.replace('platform_ids: ["3720001"]', "platform_ids: [3720001]")
    line = text.splitlines().index("    platform_ids: [3720001]") + 1
    assert ("error", "wrong-type", line, 20) in findings(text)
