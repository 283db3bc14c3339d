"""The audience sources' reasons (console/sources, in English for the log) in the operator's language.

A source says why it is in its state ("connecting to wss://…", "no event for
60 s; retrying in 4.0 s"); the source strip shows that line in the pill's
tooltip. The TikTok child's own lines (console/sources/tiktok_child.py) are
listed too: they reach the console as its reasons. Variable parts are kept as
written; a line not listed stays as written (ui/panels/reasons.py).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from ui.panels.reasons import translated

#: Groups that hold a reason of their own, translated in turn.
NESTED = ("reason", "refusal")


def _t(text: str) -> str:
    return QCoreApplication.translate("SourceReasons", text)


def _fixed() -> dict[str, str]:
    return {
        "stopped": _t("stopped"),
        "TikTok closed the connection": _t("TikTok closed the connection"),
        "the LIVE is age-restricted: TikTokLive cannot read it without a logged-in session":
            _t("the LIVE is age-restricted: TikTokLive cannot read it without a logged-in session"),
    }


def _patterns() -> list[tuple[re.Pattern[str], str]]:
    return [
        # Compound lines first: their tails would otherwise end up inside an error's text.
        (re.compile(r"^(?P<reason>.+); retrying in (?P<seconds>[\d.]+) s$", re.S), _t("{reason}; retrying in {seconds} s")),
        (re.compile(r"^(?P<reason>.+); checking again in (?P<seconds>[\d.]+) s$", re.S),
         _t("{reason}; checking again in {seconds} s")),
        (re.compile(r"^(?P<reason>.+); events held: (?P<held>\d+) \((?P<refusal>.+)\)$", re.S),
         _t("{reason}; events held: {held} ({refusal})")),
        # oba (console/sources/oba.py)
        (re.compile(r"^connecting to (?P<url>\S+)$"), _t("connecting to {url}")),
        (re.compile(r"^connected to (?P<url>\S+)$"), _t("connected to {url}")),
        (re.compile(r"^cannot connect: (?P<error>.+)$", re.S), _t("cannot connect: {error}")),
        (re.compile(r"^connection lost: (?P<error>.+)$", re.S), _t("connection lost: {error}")),
        (re.compile(r"^no message for (?P<seconds>[\d.]+) s$"), _t("no message for {seconds} s")),
        # tiktok (console/sources/tiktok.py)
        (re.compile(r"^starting TikTokLive for (?P<target>\S+)$"), _t("starting TikTokLive for {target}")),
        (re.compile(r"^cannot start (?P<program>\S+): (?P<error>.+)$", re.S), _t("cannot start {program}: {error}")),
        (re.compile(r"^the TikTok process stopped answering for (?P<seconds>[\d.]+) s and was restarted$"),
         _t("the TikTok process stopped answering for {seconds} s and was restarted")),
        (re.compile(r"^the TikTok process ended unexpectedly \(exit code (?P<code>\S+)\)$"),
         _t("the TikTok process ended unexpectedly (exit code {code})")),
        # the TikTok child's lines (console/sources/tiktok_child.py)
        (re.compile(r"^@(?P<user>\S+) is on air$"), _t("@{user} is on air")),
        (re.compile(r"^the LIVE of @(?P<user>\S+) ended$"), _t("the LIVE of @{user} ended")),
        (re.compile(r"^connecting to the LIVE of @(?P<user>\S+)$"), _t("connecting to the LIVE of @{user}")),
        (re.compile(r"^not on air after (?P<seconds>[\d.]+) s of trying$"), _t("not on air after {seconds} s of trying")),
        (re.compile(r"^no event for (?P<seconds>[\d.]+) s$"), _t("no event for {seconds} s")),
        (re.compile(r"^@(?P<user>\S+) is not live now$"), _t("@{user} is not live now")),
        (re.compile(r"^TikTok has no user @(?P<user>\S+)$"), _t("TikTok has no user @{user}")),
        (re.compile(r"^the sign server limits requests: (?P<error>.+)$", re.S),
         _t("the sign server limits requests: {error}")),
        (re.compile(r"^the sign server refused the API key: (?P<error>.+)$", re.S),
         _t("the sign server refused the API key: {error}")),
        (re.compile(r"^bad settings from the console: (?P<error>.+)$", re.S), _t("bad settings from the console: {error}")),
        (re.compile(r"^the intake answered (?P<answer>.+)$", re.S), _t("the intake answered {answer}")),
        (re.compile(r"^the intake did not answer: (?P<error>.+)$", re.S), _t("the intake did not answer: {error}")),
    ]


def reason_text(reason: str) -> str:
    """``reason`` in the operator's language where it is a known one; otherwise as written."""
    return translated(reason, _fixed(), _patterns(), NESTED)
