"""Test media for the sandbox OBS, made with the standard library only.

- a moving test pattern per camera as a raw YUV4MPEG2 (``.y4m``) file, which
  OBS's media source (libavformat) plays and loops: a bright bar sweeps across
  a coloured field, so consecutive screenshots differ and a paused source
  gives identical frames (what the frozen-camera detector looks for);
- a tone as a WAV file for the "microphone", so the volume meters move.

No ffmpeg command line is needed (Debian's obs-studio does not pull it in).
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

#: Small frames keep OBS light under llvmpipe; the scene scales them up.
WIDTH, HEIGHT = 320, 180
FPS = 15
SECONDS = 2


def _rgb_to_yuv(r: int, g: int, b: int) -> tuple[int, int, int]:
    y = int(0.257 * r + 0.504 * g + 0.098 * b + 16)
    u = int(-0.148 * r - 0.291 * g + 0.439 * b + 128)
    v = int(0.439 * r - 0.368 * g - 0.071 * b + 128)
    return y, u, v


def write_test_pattern(path: Path, rgb: tuple[int, int, int], *, width: int = WIDTH, height: int = HEIGHT,
                       fps: int = FPS, seconds: int = SECONDS) -> Path:
    """A coloured field with a white bar sweeping left to right, looping cleanly."""
    frames = fps * seconds
    y_bg, u_bg, v_bg = _rgb_to_yuv(*rgb)
    y_bar = 235
    bar = max(8, width // 10)
    chroma_size = (width // 2) * (height // 2)
    u_plane = bytes([u_bg]) * chroma_size
    v_plane = bytes([v_bg]) * chroma_size
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for index in range(frames):
            x = int((width - bar) * index / max(1, frames - 1))
            # A second, slower stripe makes every frame distinct even at the loop point.
            stripe_y = int((height - 4) * (0.5 + 0.5 * math.sin(2 * math.pi * index / frames)))
            row = bytes([y_bg]) * x + bytes([y_bar]) * bar + bytes([y_bg]) * (width - x - bar)
            stripe = bytes([16]) * width
            luma = bytearray(row * height)
            for line in range(stripe_y, min(height, stripe_y + 4)):
                luma[line * width:(line + 1) * width] = stripe
            out.write(b"FRAME\n")
            out.write(bytes(luma))
            out.write(u_plane)
            out.write(v_plane)
    return path


def write_tone(path: Path, *, frequency: float = 440.0, seconds: float = 2.0, rate: int = 48000,
               amplitude: float = 0.3) -> Path:
    """A sine tone at about −10 dBFS: clearly above any "silent mic" threshold."""
    samples = int(rate * seconds)
    # Whole periods only, so the loop has no click.
    period = rate / frequency
    samples = int(round(int(samples / period) * period))
    frames = bytearray()
    for n in range(samples):
        value = int(amplitude * 32767 * math.sin(2 * math.pi * frequency * n / rate))
        frames += struct.pack("<h", value)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path
