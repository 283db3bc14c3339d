"""The control surface (CONTRACTS §11): a local HTTP/WebSocket API, the phone remote, auto-arm.

Qt-free. :mod:`~console.control.server` runs the aiohttp server on its own
thread; :mod:`~console.control.surface` is where that thread meets the show's
tick (commands queued in, state published out); :mod:`~console.control.actions`
is the dispatch table; :mod:`~console.control.state` builds the state object.
"""

#: ``--control`` without an address, and the window's default (CONTRACTS §11). Here, not in the server
#: module, so the command line knows it without importing aiohttp.
DEFAULT_CONTROL_ADDRESS = "127.0.0.1:8751"


def parse_control_address(address: str) -> tuple[str, int]:
    """``HOST:PORT`` (``--control``); ``:PORT`` means loopback."""
    host, _, port = address.rpartition(":")
    if not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"the control address must be HOST:PORT, got '{address}'")
    return (host.strip("[]") or "127.0.0.1"), int(port)
