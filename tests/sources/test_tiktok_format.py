"""The tiktok adapter on events TikTokLive itself decodes, from frames built with its own protobuf classes.

TikTokLive lives in its own environment (console.sources.tiktok.find_child_python),
so the frames are built and decoded by that interpreter (tests/sources/tiktok_frames.py);
the mapped objects come back as JSON and are checked here, then validated by
the intake's own parser.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from console.audience.events import parse_object
from console.sources.tiktok import find_child_python

FRAMES_TOOL = Path(__file__).with_name("tiktok_frames.py")
#: Importing TikTokLive takes about 2 s (its generated protobuf module); a loaded machine, several times that.
TOOL_TIMEOUT_S = 180  # measured: 26 s for the import alone at a load average of 25 on 2 cores

USER_ANN = {"id": 7001, "nick_name": "Ann"}

#: A room as TikTok delivers it: viewers, a comment (and its resend), a like, a follow and a
#: share (TikTok's social message, told apart by its display key), a gift streak in progress and
#: at its end, a one-off gift, an entry, a message TikTokLive does not know, and the viewers again.
SPEC = [
    {"method": "WebcastRoomUserSeqMessage", "first": True,
     "fields": {"m_total": 120, "total_user": 900, "base_message": {"message_id": 1, "create_time": 1796126400500}}},
    {"method": "WebcastChatMessage",
     "fields": {"content": "多少钱? how much", "user_info": USER_ANN,
                "base_message": {"message_id": 2, "create_time": 1796126401000}}},
    {"method": "WebcastLikeMessage", "fields": {"count": 5, "user": {"id": 7002}, "base_message": {"message_id": 3}}},
    {"method": "WebcastSocialMessage",
     "fields": {"user": {"id": 7003}, "base_message": {"message_id": 4, "create_time": 1796126402000,
                                                        "display_text": {"key": "pm_main_follow_message_viewer_2"}}}},
    {"method": "WebcastSocialMessage",
     "fields": {"user": {"id": 0, "username": "viewer.x"},
                "base_message": {"message_id": 5, "display_text": {"key": "pm_mt_guidance_share"}}}},
    {"method": "WebcastGiftMessage",
     "fields": {"repeat_count": 2, "repeat_end": 0, "from_user": {"id": 7005, "nick_name": "Bo"},
                "m_gift": {"name": "Rose", "type": 1, "diamond_count": 1}, "base_message": {"message_id": 6}}},
    {"method": "WebcastGiftMessage",
     "fields": {"repeat_count": 3, "repeat_end": 1, "from_user": {"id": 7005, "nick_name": "Bo"},
                "m_gift": {"name": "Rose", "type": 1, "diamond_count": 1}, "base_message": {"message_id": 7}}},
    {"method": "WebcastGiftMessage",
     "fields": {"repeat_count": 1, "from_user": {"id": 7006}, "m_gift": {"name": "Lion", "type": 2,
                                                                        "diamond_count": 29999},
                "base_message": {"message_id": 8}}},
    {"method": "WebcastChatMessage",
     "fields": {"content": "多少钱? how much", "user_info": USER_ANN,
                "base_message": {"message_id": 2, "create_time": 1796126401000}}},
    {"method": "WebcastMemberMessage", "fields": {"user": {"id": 7007, "nick_name": "Cy"},
                                                  "base_message": {"message_id": 9}}},
    {"method": "WebcastRoomUserSeqMessage",
     "fields": {"m_total": 131, "total_user": 925, "base_message": {"message_id": 10}}},
]
ARRIVED = 1796126400.0  # the decode tool's arrival stamp for messages without create_time


def run_tool(*args: str) -> str:
    done = subprocess.run([find_child_python(), "-E", "-s", str(FRAMES_TOOL), *args], capture_output=True,
                          text=True, timeout=TOOL_TIMEOUT_S)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def decoded(tmp_path_factory) -> list[tuple[str, list[dict]]]:
    folder = tmp_path_factory.mktemp("tiktok")
    (folder / "spec.json").write_text(json.dumps(SPEC), encoding="utf-8")
    run_tool(str(folder / "spec.json"), str(folder / "frames.jsonl"))
    return [(name, objects) for name, objects in json.loads(run_tool("--decode", str(folder / "frames.jsonl")))]


def test_tiktoklive_decodes_the_frames_into_its_own_event_classes(decoded):
    names = [name for name, _objects in decoded if name != "WebsocketResponseEvent"]
    assert names == ["ConnectEvent", "RoomUserSeqEvent", "CommentEvent", "LikeEvent", "FollowEvent", "SocialEvent",
                     "ShareEvent", "SocialEvent", "GiftEvent", "GiftEvent", "GiftEvent", "CommentEvent", "JoinEvent",
                     "RoomUserSeqEvent"]


def test_each_event_maps_to_the_contract_objects(decoded):
    mapped = [obj for _name, objects in decoded for obj in objects]
    assert mapped == [
        {"ts": 1796126400.5, "kind": "viewers", "online": 120, "entered": 0},
        {"ts": 1796126401.0, "kind": "comment", "user": "7001", "nick": "Ann", "text": "多少钱? how much"},
        {"ts": ARRIVED, "kind": "like", "count": 5, "user": "7002"},
        {"ts": 1796126402.0, "kind": "follow", "user": "7003"},
        {"ts": ARRIVED, "kind": "share", "count": 1, "user": "@viewer.x"},
        # The streak in progress gives nothing; its end gives the gift once, with the streak's count.
        {"ts": ARRIVED, "kind": "gift", "user": "7005", "value": 0},
        {"ts": ARRIVED, "kind": "tiktok_gift", "user": "7005", "nick": "Bo", "gift": "Rose", "count": 3, "diamonds": 3},
        {"ts": ARRIVED, "kind": "gift", "user": "7006", "value": 0},
        {"ts": ARRIVED, "kind": "tiktok_gift", "user": "7006", "nick": "", "gift": "Lion", "count": 1,
         "diamonds": 29999},
        # The resent comment (same message id) is dropped.
        {"ts": ARRIVED, "kind": "room_enter", "user": "7007", "nick": "Cy"},
        {"ts": ARRIVED, "kind": "viewers", "online": 131, "entered": 25},
    ]


def test_every_mapped_object_passes_the_intakes_own_validation(decoded):
    events = [parse_object(obj) for _name, objects in decoded for obj in objects]
    assert [e.kind for e in events] == ["viewers", "comment", "like", "follow", "share", "gift", "tiktok_gift", "gift",
                                        "tiktok_gift", "room_enter", "viewers"]
    assert events[-1].online == 131 and events[-1].entered == 25
    assert events[6].to_data()["diamonds"] == 3  # the unknown kind keeps TikTok's figures as received
