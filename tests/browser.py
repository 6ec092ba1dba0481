"""Headless Chromium for tests: one place for the command line and the screenshot check.

`screenshot(target, png)` renders a file or URL with Debian's chromium (installed by
scripts/install_browser.sh, which .ci/run calls); `blank_share(png)` says how much of the image is
one colour. Tests skip with a clear reason only when chromium is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars")


def chromium() -> str | None:
    """The chromium binary, or None when it is not installed."""
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(target: str | Path, png: str | Path, *, width: int = 1280, height: int = 1600,
               timeout: float = 90) -> Path:
    """Render `target` (a file path or a URL) and save a PNG screenshot of the window."""
    binary = chromium()
    if binary is None:
        raise RuntimeError("chromium is not installed (run scripts/install_browser.sh)")
    url = target if isinstance(target, str) and "://" in target else Path(target).resolve().as_uri()
    png = Path(png).resolve()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                        f"--screenshot={png}", url], check=True, capture_output=True, timeout=timeout)
    if not png.is_file():
        raise RuntimeError(f"chromium wrote no screenshot for {url}")
    return png


def blank_share(png: str | Path) -> float:
    """Share of the image's pixels that have its most common colour (1.0: a blank page)."""
    from PIL import Image

    with Image.open(png) as image:
        pixels = image.convert("RGB").getcolors(maxcolors=1 << 24) or []
    total = sum(n for n, _ in pixels)
    return max(n for n, _ in pixels) / total if total else 1.0
