"""TikTokLive's decoded events → CONTRACTS §3 objects (no I/O, no TikTokLive import).

Runs inside the tiktok child process (:mod:`console.sources.tiktok_child`),
which imports it as a sibling file under the TikTokLive virtual environment's
interpreter, so it uses the standard library only and reads events by their
class name and attributes: the classes themselves live in the child's
environment, not the console's. Written against TikTokLive 6.6.5 (the pinned
version, docs/audience-sources.md) and tested with objects that version
decodes from frames built with its own protobuf classes
(tests/sources/test_tiktok_format.py).

What becomes what (users are TikTok's numeric user id, ``nick`` the display name):

========================  ==============================================================
TikTokLive event          §3 object
========================  ==============================================================
``RoomUserSeqEvent``      ``viewers``: ``online`` = ``m_total`` (viewers now),
                          ``entered`` = growth of ``total_user`` (everyone who has
                          entered the room) since the previous one; 0 the first time
                          (the room's history before the console connected is not the show's)
``CommentEvent``          ``comment`` (``text`` = ``content``)
``LikeEvent``             ``like`` (``count``, at least 1)
``ShareEvent``            ``share`` (``count`` 1)
``FollowEvent``           ``follow``
``GiftEvent``             when a gift is complete (a streak at its end, any other gift
                          at once): ``gift`` with ``value`` 0 — TikTok reports diamonds,
                          not money, and the console never invents money — and a
                          ``tiktok_gift`` record (unknown kind: stored, in no KPI) with
                          the gift's name, ``count`` and ``diamonds`` (total)
``JoinEvent``             ``room_enter`` (unknown kind: an entry is not an online count)
========================  ==============================================================

``SocialEvent`` is skipped: TikTokLive emits a ``FollowEvent`` or ``ShareEvent``
for the same message. Everything else TikTokLive decodes is ignored (and
counted by the child). A message id seen before is dropped (TikTok resends
on reconnects). ``ts`` is the message's ``create_time`` (epoch milliseconds)
when it has one, else the moment it arrived.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

#: Message ids remembered for de-duplication; TikTok's resends are recent.
SEEN_IDS = 50_000
#: ``create_time`` values below this are not epoch milliseconds (2001-09-09): stamp on arrival.
MIN_EPOCH_MS = 1_000_000_000_000
#: TikTok's ``Gift.type`` for gifts sent as a streak (a combo): count them once, at the streak's end.
STREAKABLE_GIFT_TYPE = 1

#: Class names that carry nothing for the console, never counted as "unmapped".
QUIET_TYPES = frozenset({"WebsocketResponseEvent", "SocialEvent", "ConnectEvent", "DisconnectEvent"})


class TikTokMapper:
    """Stateful mapping (de-duplication, the ``total_user`` baseline). One per child process, one thread.

    ``previous_total`` is the last ``total_user`` a previous child saw in the same room,
    so entries are not lost (nor counted twice) across a reconnect.
    """

    def __init__(self, previous_total: int | None = None) -> None:
        self.total_user = previous_total
        self._seen: OrderedDict[int, None] = OrderedDict()
        self.duplicates = 0
        self.unmapped = 0

    def map(self, event: Any, received_at: float) -> list[dict[str, Any]]:
        """The §3 objects for one TikTokLive event (often none)."""
        name = type(event).__name__
        if name in QUIET_TYPES:
            return []
        handler = _HANDLERS.get(name)
        if handler is None:
            self.unmapped += 1
            return []
        base = getattr(event, "base_message", None)
        message_id = int(getattr(base, "message_id", 0) or 0)
        if message_id:
            if message_id in self._seen:
                self.duplicates += 1
                return []
            self._seen[message_id] = None
            if len(self._seen) > SEEN_IDS:
                self._seen.popitem(last=False)
        created = int(getattr(base, "create_time", 0) or 0)
        ts = created / 1000.0 if created >= MIN_EPOCH_MS else received_at
        return handler(self, event, ts)

    # -- one per event class -------------------------------------------------
    def _viewers(self, event: Any, ts: float) -> list[dict[str, Any]]:
        online = max(0, int(getattr(event, "m_total", 0) or 0))
        total = max(0, int(getattr(event, "total_user", 0) or 0))
        previous, self.total_user = self.total_user, total
        # A smaller total is a new LIVE room (its counter restarted): a new baseline, no entries.
        entered = total - previous if previous is not None and total >= previous else 0
        return [{"ts": ts, "kind": "viewers", "online": online, "entered": entered}]

    def _comment(self, event: Any, ts: float) -> list[dict[str, Any]]:
        user, nick = _user(getattr(event, "user_info", None))
        return [{"ts": ts, "kind": "comment", "user": user, "nick": nick, "text": str(event.content or "")}]

    def _like(self, event: Any, ts: float) -> list[dict[str, Any]]:
        user, _nick = _user(getattr(event, "user", None))
        return [{"ts": ts, "kind": "like", "count": max(1, int(getattr(event, "count", 1) or 1)), "user": user}]

    def _share(self, event: Any, ts: float) -> list[dict[str, Any]]:
        user, _nick = _user(getattr(event, "user", None))
        return [{"ts": ts, "kind": "share", "count": 1, "user": user}]

    def _follow(self, event: Any, ts: float) -> list[dict[str, Any]]:
        user, _nick = _user(getattr(event, "user", None))
        return [{"ts": ts, "kind": "follow", "user": user}]

    def _gift(self, event: Any, ts: float) -> list[dict[str, Any]]:
        gift = getattr(event, "m_gift", None)
        if int(getattr(gift, "type", 0) or 0) == STREAKABLE_GIFT_TYPE and not getattr(event, "repeat_end", 0):
            return []  # a streak in progress: TikTok sends it again, with the final count, at its end
        user, nick = _user(getattr(event, "from_user", None))
        count = max(1, int(getattr(event, "repeat_count", 1) or 1))
        diamonds = int(getattr(gift, "diamond_count", 0) or 0) * count
        return [{"ts": ts, "kind": "gift", "user": user, "value": 0},
                {"ts": ts, "kind": "tiktok_gift", "user": user, "nick": nick,
                 "gift": str(getattr(gift, "name", "") or ""), "count": count, "diamonds": diamonds}]

    def _join(self, event: Any, ts: float) -> list[dict[str, Any]]:
        user, nick = _user(getattr(event, "user", None))
        return [{"ts": ts, "kind": "room_enter", "user": user, "nick": nick}]


_HANDLERS = {
    "RoomUserSeqEvent": TikTokMapper._viewers,
    "CommentEvent": TikTokMapper._comment,
    "LikeEvent": TikTokMapper._like,
    "ShareEvent": TikTokMapper._share,
    "FollowEvent": TikTokMapper._follow,
    "GiftEvent": TikTokMapper._gift,
    "JoinEvent": TikTokMapper._join,
}


def _user(user: Any) -> tuple[str, str]:
    """``(user, nick)``: the numeric id (stable across name changes), else ``@username``, else ``anonymous``."""
    if user is None:
        return "anonymous", ""
    nick = str(getattr(user, "nick_name", "") or "")
    user_id = int(getattr(user, "id", 0) or 0)
    if user_id:
        return str(user_id), nick
    username = str(getattr(user, "username", "") or "")
    return (f"@{username}" if username else "anonymous"), nick
