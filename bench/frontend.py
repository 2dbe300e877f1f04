"""The public site on a phone: every page type, first load with an empty cache. Prints figures, asserts nothing.

Run from the repository root:

    .venv/bin/python bench/frontend.py                 # 3 loads a page, then Lighthouse if node and npm exist
    .venv/bin/python bench/frontend.py --quick         # 1 load a page, no Lighthouse: the CI smoke run
    .venv/bin/python bench/frontend.py --base-url http://127.0.0.1:8000   # a site that is already running
    .venv/bin/python bench/frontend.py --json figures.json                # every figure as JSON as well

Without --base-url it builds a throw-away site with production settings: a SQLite database in a temporary
directory, collectstatic (into the git-ignored staticfiles/), migrate, load_demo_content, then gunicorn on a
free loopback port, stopped at the end. With --base-url the pages to measure are looked up in the database
that this environment points at (DATABASE_URL, else db.sqlite3), so run it with the site's environment.

Pages: for each page type of the home and resources apps and each language, the first live page of that
type in the tree; a missing page (expected 404) in each language; the resource card when it answers 200.

Each load is in headless Debian Chromium (/usr/bin/chromium or $CHROMIUM_PATH, driven by Playwright; never
run `playwright install`) with a fresh context: 390x844 viewport, pixel ratio 3, mobile, touch. Requests
to hosts other than loopback are counted but never leave the machine: they go to a dead local proxy.

Figures, the worst of a page's loads (KB = 1,024 bytes):
    requests   every request the page made, the document included
    KB         bytes over the wire: compressed bodies plus headers
    crit KB    critical path: the document plus every render-blocking stylesheet and synchronous <head>
               script, as transferred. About 14 KB fits the first round trip of a new connection.
    3rd        requests to other hosts
    errors     console errors and uncaught exceptions, leaving out the failures of blocked 3rd-party requests
    load ms    median time to the load event on loopback, unthrottled: server and browser time only
    P A BP SEO Lighthouse scores (mobile, simulated slow 4G), one page per type and language; full run only

Budgets are printed as MET or MISSED with the worst figure; they never change the exit code. It is
non-zero only when the site could not be started or a page could not be loaded at all.
"""

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Chromium always reaches loopback directly; everything else goes to a port where nothing listens.
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1;localhost;[::1]",
]
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_DIR = REPO / "bench" / ".lighthouse"
LIGHTHOUSE_CATEGORIES = {"performance": "P", "accessibility": "A", "best-practices": "BP", "seo": "SEO"}

LANGUAGES = ["en", "es"]
MISSING_PAGES = [("en", "/this-page-does-not-exist/"), ("es", "/es/no-existe/")]
RESOURCE_CARDS = [("en", "/resource-card/"), ("es", "/es/tarjeta-de-recursos/")]

KB = 1024
BUDGET_BYTES = 30 * KB
BUDGET_CRITICAL_BYTES = 14 * KB

# Run inside the site's Django: the first live page of each page type and language, as a site path.
FIND_PAGES = f"""
import json
from django.apps import apps
from wagtail.models import Page
found = []
for app in ("home", "resources"):
    for model in apps.get_app_config(app).get_models():
        if not issubclass(model, Page):
            continue
        for language in {LANGUAGES!r}:
            page = model.objects.live().filter(locale__language_code=language).order_by("path").first()
            parts = page and page.get_url_parts()
            if parts:
                found.append({{"type": model.__name__, "language": language, "path": parts[2]}})
print(json.dumps(found))
"""


class SiteError(Exception):
    """The site to measure could not be built, started or asked for its pages."""


def run_checked(command, env):
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SiteError(f"{' '.join(command[1:3])} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def site_env(directory):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coalition.settings.production",
        "DATABASE_URL": f"sqlite:///{directory}/db.sqlite3",
        "MEDIA_ROOT": f"{directory}/media",
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
    }
    # The throw-away site must not share a cache with a real one.
    env.pop("REDIS_URL", None)
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(url, server, log, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SiteError(f"gunicorn exited with {server.returncode}:\n{log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise SiteError(f"gunicorn did not answer at {url} within {seconds} s")


@contextlib.contextmanager
def gunicorn(env, log, port, *options):
    """Serve the site with gunicorn on 127.0.0.1:`port` (its output in `log`) until the block ends."""
    command = [Path(sys.executable).parent / "gunicorn", "coalition.wsgi", "--bind", f"127.0.0.1:{port}", *options]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until_answering(f"http://127.0.0.1:{port}/", server, log)
        yield
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextlib.contextmanager
def throwaway_site(directory, env):
    """Build the demo site in directory, serve it with gunicorn and yield its base URL."""
    python = sys.executable
    run_checked([python, "manage.py", "collectstatic", "--no-input", "-v", "0"], env)
    run_checked([python, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    run_checked([python, "manage.py", "load_demo_content"], env)
    port = free_port()
    with gunicorn(env, Path(directory) / "gunicorn.log", port, "--workers", "2"):
        yield f"http://127.0.0.1:{port}"


def page_type_pages(env):
    """One page per page type and language, found by the site's Django."""
    output = run_checked([sys.executable, "manage.py", "shell", "-c", FIND_PAGES], env)
    pages = [{**page, "expected": 200} for page in json.loads(output.strip().splitlines()[-1])]
    if not pages:
        raise SiteError("the database has no live pages of the home and resources page types")
    return pages


def other_pages(base_url):
    """The missing pages, and the resource cards when the site has them."""
    pages = [{"type": "missing page", "language": lang, "path": path, "expected": 404} for lang, path in MISSING_PAGES]
    for language, path in RESOURCE_CARDS:
        if http_status(base_url + path) == 200:
            pages.append({"type": "resource card", "language": language, "path": path, "expected": 200})
    return pages


def http_status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class HeadBlockers(HTMLParser):
    """Collects the URLs in <head> that hold up the first paint: stylesheets for screen and synchronous scripts."""

    def __init__(self):
        super().__init__()
        self.in_head = True
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "body":
            self.in_head = False
        elif self.in_head and (url := blocking_url(tag, attrs)):
            self.urls.append(url)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def blocking_url(tag, attrs):
    if tag == "link" and "stylesheet" in attrs.get("rel", "").lower().split():
        return attrs.get("media", "").strip().lower() != "print" and attrs.get("href")
    if tag == "script" and not {"async", "defer"} & attrs.keys():
        return attrs.get("type", "").lower() in ("", "text/javascript", "application/javascript") and attrs.get("src")
    return None


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
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
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


def critical_bytes(hops, html, document_url):
    """The document (with any redirects) plus the render-blocking files in its <head>, as transferred."""
    document = [hop for hop in hops if hop["id"] == hops[0]["id"]]
    parser = HeadBlockers()
    parser.feed(html)
    blockers = []
    for url in {urljoin(document_url, href) for href in parser.urls}:
        blockers += [hop for hop in hops if hop["url"] == url][:1]
    return sum(hop["bytes"] for hop in document + blockers)


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


def table(rows):
    columns = [
        ("type", lambda r: r["type"]),
        ("lang", lambda r: r["language"]),
        ("path", lambda r: r["path"]),
        ("status", lambda r: r.get("status", "error")),
        ("requests", lambda r: r.get("requests", "")),
        ("KB", lambda r: kb(r["bytes"]) if "bytes" in r else ""),
        ("crit KB", lambda r: kb(r["critical_bytes"]) if "bytes" in r else ""),
        ("3rd", lambda r: len(r["third_party"]) if "bytes" in r else ""),
        ("errors", lambda r: len(r["console_errors"]) if "bytes" in r else ""),
        ("load ms", lambda r: r.get("load_ms", "")),
    ]
    if any("lighthouse" in row for row in rows):
        for name, short in LIGHTHOUSE_CATEGORIES.items():
            columns.append((short, lambda r, name=name: score(r.get("lighthouse", {}).get(name, ""))))
    cells = [[header for header, _ in columns]] + [[str(value(row)) for _, value in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    lines = []
    for line in cells:
        text = [
            cell.ljust(w) if i < 3 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(text).rstrip())
    return "\n".join(lines)


def kb(size):
    return f"{size / KB:.1f}"


def score(value):
    return "?" if value is None else value


def budgets(rows):
    """(budget, met, the worst figure) for each budget, over the pages that loaded."""
    loaded = [row for row in rows if "bytes" in row]
    results = []
    if not loaded:
        return results

    def check(name, figure, limit, show):
        worst = max(loaded, key=figure)
        results.append((name, figure(worst) <= limit, f"worst {show(worst)} ({worst['path']})"))

    wrong_status = [row for row in loaded if row["status"] != row["expected"]]
    results.append(
        (
            "every page answers with its expected status (200; 404 when missing)",
            not wrong_status,
            ", ".join(f"{row['status']} ({row['path']})" for row in wrong_status) or "all as expected",
        )
    )
    check("0 third-party requests", lambda r: len(r["third_party"]), 0, lambda r: len(r["third_party"]))
    check("0 console errors", lambda r: len(r["console_errors"]), 0, lambda r: len(r["console_errors"]))
    check("<= 30 KB transferred (text pages)", lambda r: r["bytes"], BUDGET_BYTES, lambda r: f"{kb(r['bytes'])} KB")
    check(
        "<= 14 KB critical path, compressed",
        lambda r: r["critical_bytes"],
        BUDGET_CRITICAL_BYTES,
        lambda r: f"{kb(r['critical_bytes'])} KB",
    )
    tried = [row for row in loaded if "lighthouse" in row]
    if tried:
        scores = [(s, name, row["path"]) for row in tried for name, s in row["lighthouse"].items()]
        unscored = [row["path"] for row in tried if not row["lighthouse"]]
        notes = [f"no scores for {', '.join(unscored)}"] if unscored else []
        met = not unscored
        if scores:
            worst, name, path = min(scores, key=lambda item: -1 if item[0] is None else item[0])
            notes.insert(0, f"worst {score(worst)} {name} ({path})")
            met = met and worst == 100
        results.append(("Lighthouse 100 in each category", met, "; ".join(notes)))
    return results


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one load a page and no Lighthouse")
    parser.add_argument("--base-url", help="measure the site running here instead of building one")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure to FILE")
    args = parser.parse_args(argv)
    if args.base_url and not is_loopback(urlsplit(args.base_url).hostname):
        parser.error("--base-url must be on this machine: the browser keeps every other host off the network")
    return args


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


def report(base_url, runs, rows, failures, lighthouse_notes, results):
    print(f"\n{base_url}: phone, 390x844 @3x, empty cache, {runs} load(s) a page; KB = 1,024 bytes")
    print(table(rows))
    for failure in failures:
        print(f"FAILED {failure}")
    for note in lighthouse_notes:
        print(f"Lighthouse: {note}")
    print("\nBudgets")
    for name, met, figure in results:
        print(f"  {'MET   ' if met else 'MISSED'}  {name}: {figure}")


def main(argv=None):
    args = parse_args(argv)
    runs = 1 if args.quick else 3
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        try:
            if args.base_url:
                base_url, env = args.base_url.rstrip("/"), dict(os.environ)
                if http_status(base_url + "/") is None:
                    raise SiteError(f"nothing answers at {base_url}")
            else:
                print("building the throw-away site", file=sys.stderr)
                directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-frontend-"))
                env = site_env(directory)
                base_url = stack.enter_context(throwaway_site(directory, env))
            typed = page_type_pages(env)
        except SiteError as error:
            print(f"could not start the site: {error}", file=sys.stderr)
            return 2
        pages = typed + other_pages(base_url)
        print(f"measuring {len(pages)} pages at {base_url}, {runs} load(s) each", file=sys.stderr)
        rows, failures = measure_all(base_url, pages, runs)
        lighthouse_notes = ["not run (--quick)"]
        if not args.quick:
            # Lighthouse is slow: only the page types, which the rows start with.
            lighthouse_notes = run_lighthouse([row for row in rows[: len(typed)] if "bytes" in row], base_url)

    results = budgets(rows)
    report(base_url, runs, rows, failures, lighthouse_notes, results)
    print(f"\ntook {time.monotonic() - started:.0f} s")
    if args.json:
        figures = {
            "base_url": base_url,
            "loads_per_page": runs,
            "pages": rows,
            "budgets": [{"budget": name, "met": met, "figure": figure} for name, met, figure in results],
            "failures": failures,
            "lighthouse_notes": lighthouse_notes,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
