"""The OBS connection's reasons (console/obs, in English for the log) in the operator's language.

The core says why the connection is in its state ("OBS closed the connection",
"connecting to ws://…"); the connection bar shows that line. Known reasons are
translated here, the variable parts (a URL, an error, a close code) kept as they
are; a reason not listed (a rare failure's own words) stays as written.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from ui.panels.reasons import translated


def _t(text: str) -> str:
    return QCoreApplication.translate("ObsReasons", text)


def _fixed() -> dict[str, str]:
    return {
        "OBS closed the connection": _t("OBS closed the connection"),
        "connection lost": _t("connection lost"),
        "reconnect requested by the operator": _t("reconnect requested by the operator"),
        "OBS is answering again": _t("OBS is answering again"),
        "stopped": _t("stopped"),
        "not started": _t("not started"),
        "wrong OBS websocket password": _t("wrong OBS websocket password"),
        "the session was kicked from OBS": _t("the session was kicked from OBS"),
        "OBS closed the session (unknown reason)": _t("OBS closed the session (unknown reason)"),
        "internal error in the OBS client (see log)": _t("internal error in the OBS client (see log)"),
        # A show session's answer to an OBS action when it has no client (a playbook step's result).
        "no OBS connection in this session": _t("no OBS connection in this session"),
    }


def _patterns() -> list[tuple[re.Pattern[str], str]]:
    return [
        (re.compile(r"^connecting to (?P<url>\S+)$"), _t("connecting to {url}")),
        (re.compile(r"^connected to OBS (?P<version>\S+) at (?P<url>\S+)$"), _t("connected to OBS {version} at {url}")),
        (re.compile(r"^nothing is listening at (?P<url>\S+) \(is OBS running with its websocket server on\?\)$"),
         _t("nothing is listening at {url} (is OBS running with its websocket server on?)")),
        (re.compile(r"^no answer from (?P<url>\S+) within (?P<seconds>\S+) s$"),
         _t("no answer from {url} within {seconds} s")),
        (re.compile(r"^OBS closed the connection \(code (?P<code>\d+)\)$"), _t("OBS closed the connection (code {code})")),
        (re.compile(r"^connection lost: (?P<error>.+)$", re.S), _t("connection lost: {error}")),
        (re.compile(r"^OBS did not answer the state read: (?P<error>.+)$", re.S),
         _t("OBS did not answer the state read: {error}")),
        (re.compile(r"^send failed: (?P<error>.+)$", re.S), _t("send failed: {error}")),
    ]


def reason_text(reason: str) -> str:
    """``reason`` in the operator's language where it is a known one; otherwise as written."""
    return translated(reason, _fixed(), _patterns())
