"""The local RTMP sink (nginx + RTMP module) OBS streams to in the sandbox and the tests.

It lives with the other child processes in :mod:`console.obs.processes`; this
module is the name the rest of the project imports it by.
"""

from console.obs.processes import RtmpSink

__all__ = ["RtmpSink"]
