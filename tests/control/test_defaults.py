"""Safe defaults of the control surface, without a network: off unless asked, loopback unless told otherwise."""

from __future__ import annotations

import pytest

from console.cli import build_parser
from console.control import DEFAULT_CONTROL_ADDRESS, parse_control_address
from console.control.actions import ACTIONS, BadCommand, check_body


def test_the_control_api_is_off_unless_asked_and_loopback_when_asked_without_an_address():
    parser = build_parser()
    assert parser.parse_args([]).control is None
    assert parser.parse_args(["demo"]).control is None
    assert parser.parse_args(["run", "x.yaml", "--headless"]).control is None
    assert parser.parse_args(["run", "x.yaml", "--headless"]).auto_arm is False
    assert parser.parse_args(["--control"]).control == DEFAULT_CONTROL_ADDRESS == "127.0.0.1:8751"
    assert parse_control_address(":9000") == ("127.0.0.1", 9000)
    assert parse_control_address("[::1]:9000") == ("::1", 9000)
    for bad in ("nowhere", "host:", "host:99999", "host:-1"):
        with pytest.raises(ValueError, match="HOST:PORT"):
            parse_control_address(bad)


def test_the_contract_actions_are_all_there():
    assert {"take_camera", "cut", "studio_take", "next", "previous", "hold", "extend", "shorten", "jump", "ack",
            "accept", "dismiss"} <= set(ACTIONS)
    with pytest.raises(BadCommand, match="unknown action"):
        check_body({"do": "launch_rocket"})
