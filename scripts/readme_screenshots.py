"""The README's main screenshots: `liveroom demo` as a newcomer sees it, in Chinese and English.

    python scripts/readme_screenshots.py [--seconds 40]

For each language: a fresh home (LIVEROOM_HOME) with that language chosen, an
Xvfb of 1600×900 of its own, `python -m console.cli demo` run as a real
process on it (the sandbox OBS starts on a virtual display of its own, so its
window is not on this screen), F5 pressed through the X server (xdotool) once
the cameras are in, then the whole screen grabbed (ImageMagick's `import`)
after the show has run a while: the cameras live, the run of show moving, KPIs
and charts filling. Writes docs/screenshots/demo-{zh,en}.png.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = "1600x900"


def _display() -> tuple[subprocess.Popen, str]:
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{SIZE}x24", "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read_fd, 16)
        if not chunk:
            break
        number += chunk
    os.close(read_fd)
    return xvfb, f":{number.decode().strip()}"


def _windows(display: str) -> list[str]:
    tree = subprocess.run(["xwininfo", "-root", "-children"], capture_output=True, text=True,
                          env={**os.environ, "DISPLAY": display}).stdout
    named = [line.split()[0] for line in tree.splitlines() if line.strip().startswith("0x") and "(has no name)" not in line]
    return [window for window in named  # Qt keeps unmapped helper windows too: the one on screen is viewable
            if "IsViewable" in subprocess.run(["xwininfo", "-id", window], capture_output=True, text=True,
                                              env={**os.environ, "DISPLAY": display}).stdout]


def shoot(language: str, short: str, seconds: float, out: Path) -> None:
    home = Path(tempfile.mkdtemp(prefix=f"liveroom-readme-{short}-"))
    config = home / "config"
    config.mkdir(parents=True)
    xvfb, display = _display()
    env = {**os.environ, "DISPLAY": display, "LIVEROOM_HOME": str(home)}
    env.pop("QT_QPA_PLATFORM", None)
    # The language as the operator would choose it in Settings (ui/language in the settings file).
    settings_file = subprocess.run([sys.executable, "-c", "from ui.settings import settings_path; print(settings_path())"],
                                   capture_output=True, text=True, env=env, cwd=ROOT, check=True).stdout.strip()
    Path(settings_file).parent.mkdir(parents=True, exist_ok=True)
    Path(settings_file).write_text(f"[ui]\nlanguage={language}\n", encoding="utf-8")
    demo = subprocess.Popen([sys.executable, "-m", "console.cli", "demo", "--intake", "127.0.0.1:0"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not _windows(display):
            time.sleep(0.5)
        time.sleep(20)  # the sandbox OBS loads (seconds on 2 cores), the thumbnails come in
        [window] = _windows(display)[:1]
        subprocess.run(["xdotool", "windowfocus", "--sync", str(int(window, 16))], env=env, check=False)
        for _attempt in range(3):  # F5 again is harmless: a started show does not start twice
            subprocess.run(["xdotool", "windowfocus", "--sync", str(int(window, 16))], env=env, check=False)
            subprocess.run(["xdotool", "key", "F5"], env=env, check=True)
            time.sleep(2)
        time.sleep(seconds)
        path = out / f"demo-{short}.png"
        subprocess.run(["import", "-window", "root", str(path)], env=env, check=True)
        print(f"wrote {path}")
    finally:
        demo.send_signal(signal.SIGTERM)
        try:
            demo.wait(60)
        except subprocess.TimeoutExpired:
            demo.kill()
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=40.0, help="show time before the grab")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--languages", action="append", help="zh or en (repeatable); default both")
    args = parser.parse_args()
    for short, language in (("zh", "zh_CN"), ("en", "en")):
        if not args.languages or short in args.languages:
            shoot(language, short, args.seconds, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
