"""First visits of a page in headless Debian Chromium as a phone, driven by Playwright: what it requested,
transferred and logged (bench/frontend.py).

Chromium is /usr/bin/chromium or $CHROMIUM_PATH (never `playwright install`). Requests to hosts other than
loopback are counted but never leave the machine: they go to a dead local proxy.
"""

import contextlib
import statistics
import time
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

from bench.critical_path import critical_bytes
from tests.browser import BROWSER_ARGS, CHROMIUM, PHONE

CHROMIUM_ARGS = [
    *BROWSER_ARGS,
    # Chromium always reaches loopback directly; everything else goes to a port where nothing listens.
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1;localhost;[::1]",
]


def is_loopback(host):
    return host in ("localhost", "127.0.0.1", "::1") or (host or "").startswith("127.")


class NetworkLog:
    """Every HTTP request of one load, from the DevTools protocol: what the browser really sent and received."""

    def __init__(self, cdp):
        self.hops = []
        self.latest = {}  # a redirect keeps its request id, so each id points at its latest hop
        cdp.on("Network.requestWillBeSent", self.sent)
        cdp.on("Network.loadingFinished", self.finished)
        cdp.on("Network.loadingFailed", self.failed)

    def sent(self, event):
        url = event["request"]["url"]
        if not url.startswith(("http://", "https://")):
            return
        previous = self.latest.get(event["requestId"])
        if previous and event.get("redirectResponse"):
            previous.update(bytes=event["redirectResponse"].get("encodedDataLength", 0), done=True)
        hop = {"id": event["requestId"], "url": url, "host": urlsplit(url).hostname, "bytes": 0, "done": False}
        self.latest[event["requestId"]] = hop
        self.hops.append(hop)

    def finished(self, event):
        if hop := self.latest.get(event["requestId"]):
            hop.update(bytes=event.get("encodedDataLength", 0), done=True)

    def failed(self, event):
        if hop := self.latest.get(event["requestId"]):
            hop["done"] = True


def load_once(browser, url, expected_status):
    """One first visit in a fresh phone-sized context, with the cache off."""
    major = browser.version.split(".")[0]
    context = browser.new_context(
        **PHONE,
        user_agent=(
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
            f"(KHTML, like Gecko) Chrome/{major}.0.0.0 Mobile Safari/537.36"
        ),
        service_workers="block",
    )
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        network = NetworkLog(cdp)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append((m.text, m.location.get("url", ""))))
        page.on("pageerror", lambda e: errors.append((f"uncaught: {e}", "")))
        response = page.goto(url, wait_until="load", timeout=30_000)
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_load_state("networkidle", timeout=5_000)
        load_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        html = response.body().decode("utf-8", "replace")
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and not all(hop["done"] for hop in network.hops):
            page.wait_for_timeout(50)
    finally:
        context.close()
    third_party = [hop["url"] for hop in network.hops if not is_loopback(hop["host"])]
    # Chromium logs a page's own error status as a console error; for the 404 we asked for, that is no fault.
    own_status = f"status of {expected_status}"
    errors = [
        text[:300]
        for text, where in errors
        if where not in third_party and not (where == response.url and own_status in text)
    ]
    return {
        "status": response.status,
        "requests": len(network.hops),
        "bytes": sum(hop["bytes"] for hop in network.hops),
        "critical_bytes": critical_bytes(network.hops, html, response.url),
        "third_party": third_party,
        "console_errors": errors,
        "load_ms": load_ms,
    }


def measure(browser, base_url, page, runs):
    """The worst figures of several loads of one page (timings: the median)."""
    loads = [load_once(browser, base_url + page["path"], page["expected"]) for _ in range(runs)]
    return {
        **page,
        "status": loads[-1]["status"],
        "requests": max(load["requests"] for load in loads),
        "bytes": max(load["bytes"] for load in loads),
        "critical_bytes": max(load["critical_bytes"] for load in loads),
        "third_party": sorted({url for load in loads for url in load["third_party"]}),
        "console_errors": sorted({text for load in loads for text in load["console_errors"]}),
        "load_ms": round(statistics.median(load["load_ms"] for load in loads)),
    }


def measure_all(base_url, pages, runs):
    """A row of figures per page; a page that could not be loaded keeps only its name, and says why."""
    rows, failures = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page in pages:
            try:
                rows.append(measure(browser, base_url, page, runs))
            except PlaywrightError as error:
                rows.append(page)
                failures.append(f"{page['path']}: {str(error).splitlines()[0]}")
        browser.close()
    return rows, failures
