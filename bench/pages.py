"""Every public page type at 1, 10 and 100 times the demo content: queries, render time, throughput, bytes.

Prints figures and whether the goals are met; never fails on a figure. Run from the repository root:

    .venv/bin/python bench/pages.py            # 1x, 10x and 100x: 200 renders a page, 3 s of HTTP a URL
    .venv/bin/python bench/pages.py --quick    # 1x and 10x, 6 renders, 0.25 s of HTTP: the CI smoke run

It builds a throw-away site in a temporary directory with production settings (coalition.settings.production,
with STATIC_ROOT moved into the temporary directory): SQLite database, migrate, load_demo_content,
collectstatic. Then, for each scale, home/demo/bulk.py `scale_demo` publishes more English pages with their
Spanish translations (the 100x build takes minutes; progress goes to stderr), and the pages are measured
twice: in this process with Django's test client, and over HTTP from gunicorn on 127.0.0.1. The pages are
the first live page of each type in the tree (a demo page at every scale), found in the database.

Columns (KB = 1,024 bytes):
    queries       SQL queries for one render with every Django cache emptied first (in process)
    calls         Python function calls of one render, counted by cProfile (C functions included), warm;
                  "cold calls" with every cache emptied first. A measure of work that does not depend on
                  the machine or its load (in the growth table)
    render ms     median in-process render time with the page cache off (PAGE_CACHE_SECONDS=0) and every
                  other cache as the settings have it, warm (the data cache, DATA_CACHE_SECONDS): up to 200
                  renders (6 with --quick), fewer for a slow page (at most about 10 s a page and scale).
                  Timed after every scale is built, on a copy of the database at each scale, the scales
                  taking turns in 10 rounds, so that a machine slowing down for a minute slows every scale alike
    cold ms       the same with every Django cache emptied before each render
    uncached rps  requests a second over HTTP from gunicorn started with PAGE_CACHE_SECONDS=0 (other caches
                  as the settings have them)
    cached rps    the same from gunicorn started without PAGE_CACHE_SECONDS: the page cache (coalition/caching/)
                  on, which leaves out addresses with a query string, such as search
    c/s, u/s      cached rps and uncached rps divided by the rps of a static file (a hashed file under
                  /static/, served by whitenoise) from the same gunicorn
    gz KB         the HTML as sent with Accept-Encoding: gzip (the body only)
    crit KB       critical path as bench/frontend.py defines it: the document plus every render-blocking
                  stylesheet and synchronous <head> script, as transferred (headers and compressed bodies);
                  CSS and JS are inlined, so it is the document with its headers. HTML pages only

HTTP: gunicorn with sync workers, one a core (--workers to change). Sync workers close the connection
after each response, so every request opens a new TCP connection, as behind a proxy that does not keep
connections to its upstream. The load generator is in this file (threads and http.client, each connection
sending the next request as soon as the last response has been read), with two connections a worker; it
runs on the same cores as the server, so the throughput figures are for comparing with each other, not
capacity. Its own CPU use and the machine's load average are printed with the table: other work on the
machine lowers every figure. So is this machine's speed: the table's heading gives a plain Python loop's
time (sum(range(10**6)), best of 5), to compare runs on different machines.

Then a table of each page at every scale (its address, queries, render times and how much they grew from
the reference scale, gz KB), and the goals, each met or NOT met:
    - render ms <= 5 for the FAQ, hotline and service pages (cold ms is printed beside it);
    - cached rps >= half the static file's, for every page the page cache keeps (X-Cache: hit);
    - crit KB <= 14;
    - cost flat: the same SQL queries at every scale on every page (a page whose count changes runs a
      query that depends on how much content there is, a bug to look into), and the Python work of a
      render (function calls, warm and cold: a count that does not depend on the machine) at the largest
      scale at most 1.1 times that at 10x (the reference scale: at 1x some lists are shorter than one page
      of them, see reference_scale; with --quick, which stops at 10x, the calls are printed, "not judged").
      Render times and their growth are printed beside, not judged: the time SQLite takes to count and sort
      a list of thousands of pages grows with it.

Markdown: every table is a markdown table, to paste into the README as it is.

The exit status is 1 when a page answered with anything but 200, else 0 (a crash is non-zero too).
"""

import argparse
import contextlib
import http.client
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.critical_path import HeadBlockers  # noqa: E402
from bench.pages_report import report  # noqa: E402
from bench.renders import count_work, keep_database, measure_renders  # noqa: E402
from bench.throwaway import ACCEPT, get, log, serve, write_settings  # noqa: E402
from tests.servers import production_env  # noqa: E402


def site_env(directory):
    """Environment of the throw-away site, for this process and for gunicorn."""
    return production_env(
        DJANGO_SETTINGS_MODULE="bench_pages_settings",
        PYTHONPATH=os.pathsep.join([directory, str(REPO)]),
        DATABASE_URL=f"sqlite:///{directory}/bench.sqlite3",
        MEDIA_ROOT=f"{directory}/media",
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        PAGE_CACHE_SECONDS="0",
        # Where a page cache without Redis keeps its invalidation token: inside the throw-away directory.
        PAGE_CACHE_DIR=f"{directory}/page-cache",
    )


def build_site(directory):
    """Set Django up in this process on a new database with the demo content and collected static files."""
    write_settings(directory, "bench_pages_settings", "bench/pages.py")
    env = site_env(directory)
    os.environ.update(env)
    sys.path[:0] = [directory, str(REPO)]
    import django

    django.setup()
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo_content", stdout=quiet)
        call_command("collectstatic", interactive=False, verbosity=0, stdout=quiet)
    log(f"demo site built in {time.monotonic() - started:.0f} s")
    return env


def scale_to(factor):
    from home.demo.bulk import scale_demo

    started = time.monotonic()

    def progress(done, total):
        if done % 100 == 0 or done == total:
            log(
                f"  {factor}x: {done}/{total} English pages published with their Spanish copies"
                f" ({time.monotonic() - started:.0f} s)"
            )

    added = scale_demo(factor, progress=progress)
    if added:
        log(f"{factor}x: {len(added)} English pages added in {time.monotonic() - started:.0f} s")


def find_pages():
    """(name, language, path) for each page to measure, looked up in the database."""
    from django.urls import reverse
    from django.utils import translation

    from wagtail.models import Page

    from home.models import HomePage, SiteSettings
    from resources.models import (
        FaqIndexPage,
        FaqPage,
        HotlineIndexPage,
        HotlinePage,
        ServiceIndexPage,
        ServicePage,
        UpdateIndexPage,
        UpdatePage,
    )

    def first(model, language):
        page = model.objects.live().filter(locale__language_code=language).order_by("path").first()
        return page and page.get_url_parts()[2]

    about = SiteSettings.objects.get(site__is_default_site=True).about_page
    # A request to /es/ leaves Spanish active in this thread: say which language each address is in.
    translation.activate("en")
    pages = [
        ("home", "en", first(HomePage, "en")),
        ("FAQ index", "en", first(FaqIndexPage, "en")),
        ("FAQ page", "en", first(FaqPage, "en")),
        ("hotline index", "en", first(HotlineIndexPage, "en")),
        ("hotline page", "en", first(HotlinePage, "en")),
        ("directory", "en", first(ServiceIndexPage, "en")),
        ("service page", "en", first(ServicePage, "en")),
        ("updates index", "en", first(UpdateIndexPage, "en")),
        ("update", "en", first(UpdatePage, "en")),
        ("about", "en", about and Page.objects.get(pk=about.pk).get_url_parts()[2]),
        ("search", "en", reverse("search") + "?q=help"),
        ("resource card", "en", reverse("resource_card")),
        ("sitemap.xml", "en", reverse("sitemap")),
        ("sitemap section", "en", reverse("sitemap_section", args=[1])),
        ("HSDS services", "en", reverse("hsds:services")),
        ("Atom feed", "en", reverse("updates_feed")),
        ("home", "es", first(HomePage, "es")),
        ("FAQ page", "es", first(FaqPage, "es")),
        ("hotline page", "es", first(HotlinePage, "es")),
        ("service page", "es", first(ServicePage, "es")),
    ]
    with translation.override("es"):
        pages.append(("search", "es", reverse("search") + "?q=ayuda"))
    missing = [f"{name} ({language})" for name, language, path in pages if not path]
    if missing:
        raise SystemExit(f"no live page found for: {', '.join(missing)}")
    return pages


@contextlib.contextmanager
def gunicorn(env, workers, directory, name):
    """Serve the site with gunicorn's sync workers on a free loopback port; yield the port."""
    with serve(env, Path(directory) / f"gunicorn-{name}.log", "--worker-class", "sync", workers=workers) as port:
        yield port


def critical_bytes(port, path):
    """Status, the compressed body's size and, for an HTML page, the document plus the render-blocking
    files in its <head>, as transferred (None for other responses: a feed or JSON is never rendered)."""
    document = get(port, path)
    if not document["content_type"].startswith("text/html"):
        return document["status"], len(document["body"]), None
    parser = HeadBlockers()
    parser.feed(document["text"])
    transferred = document["transferred"]
    for url in dict.fromkeys(parser.urls):
        if url.startswith("/") and not url.startswith("//"):
            transferred += get(port, url)["transferred"]
    return document["status"], len(document["body"]), transferred


def hammer(port, path, seconds, connections):
    """Requests a second for `path` from `connections` clients, each sending requests back to back.

    Returns (requests a second, statuses other than 200, CPU seconds this process used).
    """
    counts = [0] * connections
    failures = []
    cpu = time.process_time()
    start = time.perf_counter()
    deadline = start + seconds

    def client(number):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            while time.perf_counter() < deadline:
                connection.request("GET", path, headers=ACCEPT)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failures.append(response.status)
                    return
                counts[number] += 1
        except OSError as error:
            failures.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(number,)) for number in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return sum(counts) / elapsed, failures, time.process_time() - cpu


def measure_http(port, paths, seconds, connections):
    """Requests a second for each path (after a warm-up, which also fills a page cache), failures, client CPU."""
    rates, failures, cpu = {}, [], 0.0
    for path in paths:
        hammer(port, path, min(0.5, seconds / 4), connections)
        rates[path], failed, used = hammer(port, path, seconds, connections)
        cpu += used
        failures += [f"{path}: {failure}" for failure in failed[:1]]
    return rates, failures, cpu / (seconds * len(paths))


def measure_scale(factor, env, directory, args):
    """A row of figures for each page at this scale, and the figures of the static file."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    pages = find_pages()
    static_path = staticfiles_storage.url("css/site.css")
    log(f"{factor}x: counting the queries and function calls of {len(pages)} pages")
    rows = [
        {"name": name, "language": language, "path": path, "factor": factor, **count_work(path)}
        for name, language, path in pages
    ]
    paths = [row["path"] for row in rows] + [static_path]
    static = {"path": static_path, "factor": factor, "failures": []}
    for server in ["uncached", "cached"]:
        server_env = {**env, "PAGE_CACHE_SECONDS": "0"}
        if server == "cached":
            del server_env["PAGE_CACHE_SECONDS"]
        log(f"{factor}x: HTTP, {server}: {len(paths)} URLs, {args.seconds:g} s each")
        with gunicorn(server_env, args.workers, directory, f"{factor}x-{server}") as port:
            if server == "uncached":
                for row in rows:
                    row["http_status"], row["gz_bytes"], row["critical_bytes"] = critical_bytes(port, row["path"])
            rates, failures, static[f"{server}_cpu"] = measure_http(port, paths, args.seconds, args.connections)
            if server == "cached":
                for row in rows:
                    row["x_cache"] = get(port, row["path"])["x_cache"]
        static[f"{server}_rps"] = rates[static_path]
        static["failures"] += [f"{server}: {failure}" for failure in failures]
        for row in rows:
            row[f"{server}_rps"] = rates[row["path"]]
            row[f"{server}_ratio"] = rates[row["path"]] / rates[static_path] if rates[static_path] else 0
    return rows, static


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1x and 10x, 6 renders, 0.25 s of HTTP a URL")
    parser.add_argument("--runs", type=int, help="in-process renders a page (default 200, 6 with --quick)")
    parser.add_argument("--seconds", type=float, help="HTTP load a URL and server (default 3, 0.25 with --quick)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, help="concurrent HTTP connections (default 2 a worker)")
    parser.add_argument("--scales", type=int, nargs="+", help="multiples of the demo content (default 1 10 100)")
    args = parser.parse_args(argv)
    args.runs = args.runs or (6 if args.quick else 200)
    args.seconds = args.seconds or (0.25 if args.quick else 3.0)
    args.connections = args.connections or 2 * args.workers
    args.scales = sorted(set(args.scales or ([1, 10] if args.quick else [1, 10, 100])))
    return args


def main(argv=None):
    args = parse_args(argv)
    started, load = time.monotonic(), os.getloadavg()[0]
    rows, statics, databases = [], [], {}
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as directory:
        env = build_site(directory)
        for factor in args.scales:
            scale_to(factor)
            scale_rows, static = measure_scale(factor, env, directory, args)
            rows += scale_rows
            statics.append(static)
            databases[factor] = keep_database(directory, factor)
        measure_renders(rows, databases, args.runs)
    problems = report(rows, statics, args.scales, args, load)
    print(f"\ntook {time.monotonic() - started:.0f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
