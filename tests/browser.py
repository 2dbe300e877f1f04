"""Debian's Chromium as the tests and the benches start it: where it is, its switches, a phone's screen."""

import os
import shutil

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The admin's browser tests: a desktop-sized window, and the password every test user is given.
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PASSWORD = "a-long-test-password"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


def chromium_path():
    """CHROMIUM if it is installed, else None."""
    return CHROMIUM if shutil.which(CHROMIUM) else None
