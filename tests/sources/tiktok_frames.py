"""Build TikTok WebSocket frames with TikTokLive's own protobuf classes (run by TikTokLive's interpreter).

``PYTHON tiktok_frames.py SPEC.json OUT.jsonl``: SPEC is a JSON list of
messages, each ``{"delay": s, "method": "WebcastChatMessage", "fields": {…},
"first": bool}``; OUT gets one ``{"delay", "frame"}`` line per message, the
frame being the bytes (base64) of a ``ProtoMessageFetchResult`` that carries
it — what TikTok's WebSocket delivers, and what the child's offline mode
feeds to the client's own parser.

``fields`` name the message's protobuf fields; nested messages are objects
(``{"user_info": {"id": 7, "nick_name": "Ann"}}``), and ``base_message``
gets its ``method`` filled in. ``--decode`` instead prints, for each frame,
the events TikTokLive decodes from it mapped through the console's adapter
(``[[class name, [§3 objects]], …]`` per frame), for the adapter tests.
"""

from __future__ import annotations

import asyncio
import base64
import json
import sys
import warnings
from pathlib import Path

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from TikTokLive import TikTokLiveClient
    from TikTokLive.proto import tiktok_proto
    from TikTokLive.proto.tiktok_proto import ProtoMessageFetchResult, ProtoMessageFetchResultBaseProtoMessage

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "console" / "sources"))
from tiktok_format import TikTokMapper  # the adapter, imported as the child imports it


def _build(message_class: type, fields: dict) -> object:
    """A betterproto message from a dict, nested messages built from their annotated class."""
    message = message_class()
    hints = {f.name: f for f in message_class.__dataclass_fields__.values()}
    for name, value in fields.items():
        if isinstance(value, dict):
            annotation = hints[name].type
            nested_name = annotation.strip("'\"") if isinstance(annotation, str) else annotation.__name__
            value = _build(getattr(tiktok_proto, nested_name), value)
        setattr(message, name, value)
    return message


def build(spec: list[dict]) -> list[dict]:
    frames = []
    for index, item in enumerate(spec):
        method = item["method"]
        fields = dict(item.get("fields", {}))
        fields["base_message"] = {"method": method, **fields.get("base_message", {})}
        payload = bytes(_build(getattr(tiktok_proto, method), fields))
        result = ProtoMessageFetchResult(
            cursor=str(index), is_first=bool(item.get("first")),
            messages=[ProtoMessageFetchResultBaseProtoMessage(method=method, payload=payload, msg_id=index + 1)])
        frames.append({"delay": item.get("delay", 0), "frame": base64.b64encode(bytes(result)).decode()})
    return frames


async def decode(frames: list[dict]) -> list[list]:
    client = TikTokLiveClient("console_test")
    mapper = TikTokMapper()
    out = []
    for record in frames:
        response = ProtoMessageFetchResult().parse(base64.b64decode(record["frame"]))
        async for event in client._parse_webcast_response(response):
            out.append([type(event).__name__, mapper.map(event, 1796126400.0)])
    return out


def main() -> int:
    if sys.argv[1] == "--decode":
        frames = [json.loads(line) for line in Path(sys.argv[2]).read_text(encoding="utf-8").splitlines()]
        print(json.dumps(asyncio.run(decode(frames)), ensure_ascii=False))
        return 0
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    Path(sys.argv[2]).write_text("".join(json.dumps(f) + "\n" for f in build(spec)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
