"""The control surface (CONTRACTS §11): a local HTTP/WebSocket API, the phone remote, auto-arm.

Qt-free. :mod:`~console.control.server` runs the aiohttp server on its own
thread; :mod:`~console.control.surface` is where that thread meets the show's
tick (commands queued in, state published out); :mod:`~console.control.actions`
is the dispatch table; :mod:`~console.control.state` builds the state object.
"""

#: ``--control`` without an address, and the window's default (CONTRACTS §11). Here, not in the server
#: module, so the command line knows it without importing aiohttp.
DEFAULT_CONTROL_ADDRESS = "127.0.0.1:8751"
