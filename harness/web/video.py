"""Video of web tests needs an ffmpeg that Playwright can run.

Playwright looks for its own ffmpeg build under `<browsers path>/ffmpeg-<revision>/ffmpeg-linux`, which
only `playwright install` downloads. Debian's `ffmpeg` (with libvpx) encodes the same VP8 stream, so where
Playwright's build is missing the harness links the system ffmpeg into a browsers path of its own and
points Playwright there. Browsers are unaffected: the suite launches Chromium by its path.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import playwright

BROWSERS_PATH = "PLAYWRIGHT_BROWSERS_PATH"
OWN_BROWSERS_PATH = Path.home() / ".cache" / "connect-cert" / "ms-playwright"


def _ffmpeg_revision() -> str | None:
    manifest = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))["browsers"]
    except (OSError, ValueError, KeyError):
        return None
    return next((str(e["revision"]) for e in entries if e.get("name") == "ffmpeg"), None)


def prepare_video() -> str | None:
    """Make video recording possible; answers why it is not, or None when it is."""
    if not sys.platform.startswith("linux"):
        return "video needs Playwright's ffmpeg (run `playwright install ffmpeg` on this platform)"
    revision = _ffmpeg_revision()
    if revision is None:
        return "the Playwright package does not say which ffmpeg it needs"
    current = Path(os.environ.get(BROWSERS_PATH) or Path.home() / ".cache" / "ms-playwright")
    if (current / f"ffmpeg-{revision}" / "ffmpeg-linux").exists():
        return None
    system = shutil.which("ffmpeg")
    if system is None:
        return "no ffmpeg: install Debian's ffmpeg (apt-get install ffmpeg) to keep videos of failed tests"
    link = OWN_BROWSERS_PATH / f"ffmpeg-{revision}" / "ffmpeg-linux"
    try:
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.exists():
            link.symlink_to(system)
    except FileExistsError:
        pass  # another worker linked it first
    except OSError as exc:
        return f"cannot link the system ffmpeg for Playwright: {exc.strerror}"
    os.environ[BROWSERS_PATH] = str(OWN_BROWSERS_PATH)
    return None
