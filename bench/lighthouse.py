"""Lighthouse scores of a page (mobile, simulated slow 4G), with Lighthouse installed into bench/.lighthouse once."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench.phone import CHROMIUM, CHROMIUM_ARGS

LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_DIR = Path(__file__).resolve().parent / ".lighthouse"
LIGHTHOUSE_CATEGORIES = {"performance": "P", "accessibility": "A", "best-practices": "BP", "seo": "SEO"}


def lighthouse_binary():
    """Lighthouse, installed into bench/.lighthouse once; or the reason it cannot run."""
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    package = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    if not (shutil.which("node") and shutil.which("npm")):
        return None, "node and npm are not both on the PATH"
    if package.exists() and json.loads(package.read_text())["version"] == LIGHTHOUSE_VERSION:
        return binary, None
    print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR}", file=sys.stderr)
    command = ["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}", "--prefix", LIGHTHOUSE_DIR, "--no-audit"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return None, "npm could not install it within 5 minutes (no network?)"
    if result.returncode != 0:
        first_line = (result.stderr.strip().splitlines() or ["no message"])[0]
        return None, f"npm could not install it (no network?): {first_line}"
    return binary, None


def lighthouse_scores(binary, url):
    """The four category scores out of 100 for one page, or why there are none."""
    command = [
        binary,
        url,
        "--output=json",
        "--quiet",
        f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    # Now and then Lighthouse loses its trace of the load (NO_NAVSTART) and asks to be run again.
    for _ in range(2):
        try:
            result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
        except subprocess.TimeoutExpired:
            problem = f"took over 3 minutes on {url}"
            continue
        try:
            categories = json.loads(result.stdout)["categories"]
        except (ValueError, KeyError):
            problem = f"failed on {url}: {result.stderr.strip()[-300:]}"
            continue
        return {name: None if c["score"] is None else round(c["score"] * 100) for name, c in categories.items()}, None
    return {}, problem


def run_lighthouse(rows, base_url):
    """Adds Lighthouse scores to rows; returns what to say about Lighthouse, line by line."""
    binary, reason = lighthouse_binary()
    if binary is None:
        return [reason]
    problems = []
    for number, row in enumerate(rows, start=1):
        print(f"Lighthouse {number}/{len(rows)}: {row['path']}", file=sys.stderr)
        row["lighthouse"], problem = lighthouse_scores(binary, base_url + row["path"])
        if problem:
            problems.append(problem)
    return problems
