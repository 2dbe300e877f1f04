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
type in the tree, and for a type that can have a picture, the first with one ("UpdatePage + picture"); a missing
page (expected 404) in each language; the resource card when it answers 200.

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
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.lighthouse import LIGHTHOUSE_CATEGORIES, run_lighthouse  # noqa: E402
from bench.phone import is_loopback, measure_all  # noqa: E402
from bench.throwaway import run_checked, serve  # noqa: E402
from tests.servers import SiteError, production_env  # noqa: E402

LANGUAGES = ["en", "es"]
MISSING_PAGES = [("en", "/this-page-does-not-exist/"), ("es", "/es/no-existe/")]
RESOURCE_CARDS = [("en", "/resource-card/"), ("es", "/es/tarjeta-de-recursos/")]

KB = 1024
BUDGET_BYTES = 30 * KB
BUDGET_PICTURE_BYTES = 60 * KB
BUDGET_CRITICAL_BYTES = 14 * KB
# The type of a page measured because it has a picture (the pictures' budget applies to it).
PICTURED = " + picture"

# Run inside the site's Django: the first live page of each page type and language, as a site path.
FIND_PAGES = f"""
PICTURED = {PICTURED!r}
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
            if not any(field.name == "image" for field in model._meta.fields):
                continue
            # And the first page of the type with a picture, measured against the pictures' budget.
            pictured = model.objects.live().filter(locale__language_code=language, image__isnull=False)
            page = pictured.order_by("path").first()
            parts = page and page.get_url_parts()
            if parts:
                found.append({{"type": model.__name__ + PICTURED, "language": language, "path": parts[2]}})
print(json.dumps(found))
"""


def site_env(directory):
    return production_env(
        DATABASE_URL=f"sqlite:///{directory}/db.sqlite3",
        MEDIA_ROOT=f"{directory}/media",
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )


@contextlib.contextmanager
def throwaway_site(directory, env):
    """Build the demo site in directory, serve it with gunicorn and yield its base URL."""
    python = sys.executable
    run_checked([python, "manage.py", "collectstatic", "--no-input", "-v", "0"], env)
    run_checked([python, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    run_checked([python, "manage.py", "load_demo_content"], env)
    with serve(env, Path(directory) / "gunicorn.log", workers=2) as port:
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

    def check(name, figure, limit, show, rows=loaded):
        if not rows:
            return
        worst = max(rows, key=figure)
        results.append((name, figure(worst) <= limit, f"worst {show(worst)} ({worst['path']})"))

    pictured = [row for row in loaded if row["type"].endswith(PICTURED)]
    text = [row for row in loaded if row not in pictured]

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
    check(
        "<= 30 KB transferred (text pages)", lambda r: r["bytes"], BUDGET_BYTES, lambda r: f"{kb(r['bytes'])} KB", text
    )
    check(
        "<= 60 KB transferred (a page with a picture)",
        lambda r: r["bytes"],
        BUDGET_PICTURE_BYTES,
        lambda r: f"{kb(r['bytes'])} KB",
        pictured,
    )
    check("1 request (text pages)", lambda r: r["requests"], 1, lambda r: r["requests"], text)
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
