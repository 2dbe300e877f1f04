"""Load and faults: many keep-alive connections against gunicorn on PostgreSQL and Redis, for a minute.

Prints figures and whether each goal is met; never fails on a timing. Run from the repository root:

    .venv/bin/python bench/load.py                      # 60 s at 50 connections: 0 errors expected
    .venv/bin/python bench/load.py --restart-postgres   # PostgreSQL stopped in the middle and started again
    .venv/bin/python bench/load.py --stop-redis         # Redis stopped in the middle and started again
    .venv/bin/python bench/load.py --quick              # 5 s at 8 connections: a smoke run (about 2 minutes)
    .venv/bin/python bench/load.py --no-page-cache ...  # PAGE_CACHE_SECONDS=0: every request reaches Django

Everything runs on 127.0.0.1 and is thrown away at the end: a PostgreSQL cluster of its own (initdb in a
temporary directory, on a free port; as root, run as the postgres user), a redis-server of its own on a
free port, and gunicorn with the production settings and coalition/gunicorn.py (sync workers, 2 a core
plus 1; SECURE_SSL_REDIRECT=0 for plain HTTP, DATABASE_CONN_MAX_AGE=60 so workers keep their database
connection, which a restart breaks). The site: migrate, load_demo_content, collectstatic into the
temporary directory. The machine's own PostgreSQL and Redis are never touched.

The load: --connections client threads (http.client), each sending the next GET as soon as the last
response is read, on a keep-alive connection (gunicorn's sync workers close it after each response; the
client then opens a new one, as a proxy in front would), over every page type in both languages: home,
the index pages, FAQ, hotline, service, update and standard pages, and search (a new query string each
time, so never from the page cache, which serves the other pages, as on the real site, unless
--no-page-cache). Figures: requests, requests a second, errors by kind (an HTTP status other than 200, or
the connection error's name), latency p50, p95 and max, page cache hits.

--restart-postgres stops PostgreSQL at 40 % of the run (pg_ctl stop -m fast), leaves it down --outage
seconds and starts it again; --stop-redis does the same to Redis. Both print a timeline a second at a time.
Goals, each met or NOT met:
    plain run            0 errors
    --restart-postgres   errors only from the stop to 3 s after PostgreSQL is ready again, and every
                         request OK in the last --settle seconds
    --stop-redis         0 errors, Redis down or not

The client runs on the same cores as the server: the throughput is for comparing runs, not capacity.
The exit status is 1 when the site could not be built or started, else 0.
"""

import argparse
import http.client
import itertools
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.private_services import PrivateProcesses  # noqa: E402
from bench.throwaway import ACCEPT, get, log, run_checked, serve, write_settings  # noqa: E402
from tests.servers import SiteError, production_env  # noqa: E402

# Errors may go on this long after the service is back: requests already queued, a worker reconnecting.
GRACE_SECONDS = 3
SEARCH_WORDS = ["help", "hotline", "food", "legal", "call", "ayuda", "servicio", "safe", "text", "shelter"]

FIND_PAGES = """
import json
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
found = []
for language in ("en", "es"):
    for app in ("home", "resources"):
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, Page):
                page = model.objects.live().filter(locale__language_code=language).order_by("path").first()
                parts = page and page.get_url_parts()
                if parts:
                    found.append([model.__name__, language, parts[2]])
    with translation.override(language):
        found.append(["search", language, reverse("search")])
print(json.dumps(found))
"""


def site_env(directory, processes, args):
    return production_env(
        DJANGO_SETTINGS_MODULE="bench_load_settings",
        PYTHONPATH=os.pathsep.join([str(directory), str(REPO)]),
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{processes.pg_port}/coalition",
        DATABASE_CONN_MAX_AGE=str(args.conn_max_age),
        PAGE_CACHE_SECONDS="0" if args.no_page_cache else "600",
        REDIS_URL=f"redis://127.0.0.1:{processes.redis_port}/0",
        CACHE_KEY_PREFIX="bench-load",
        MEDIA_ROOT=f"{directory}/media",
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )


def build_site(directory, processes, env):
    write_settings(directory, "bench_load_settings", "bench/load.py")
    processes.init_postgres()
    processes.start_postgres()
    processes.start_redis()
    processes.run(["createdb", "-h", "127.0.0.1", "-p", str(processes.pg_port), "-U", "postgres", "coalition"])
    python = sys.executable
    started = time.monotonic()
    run_checked([python, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    run_checked([python, "manage.py", "load_demo_content"], env)
    run_checked([python, "manage.py", "collectstatic", "--no-input", "-v", "0"], env)
    log(f"demo site built on a private PostgreSQL in {time.monotonic() - started:.0f} s")
    found = json.loads(run_checked([python, "manage.py", "shell", "-c", FIND_PAGES], env).strip().splitlines()[-1])
    return [(kind, language, path) for kind, language, path in found]


class Recorder:
    """Every response's second, outcome, latency and cache outcome; appended from many threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.start = None
        self.records = []  # (seconds from the start when it ended, outcome, milliseconds, hit)
        self.reconnects = 0

    def add(self, outcome, started, hit=False):
        now = time.monotonic()
        with self.lock:
            self.records.append((now - self.start, outcome, (now - started) * 1000, hit))


def client(port, urls, recorder, deadline, offset):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for number in itertools.count(offset):
        started = time.monotonic()
        if started >= deadline:
            break
        path = urls[number % len(urls)]
        if path.endswith("/search/") or path.endswith("/buscar/"):
            path += f"?q={quote(SEARCH_WORDS[number % len(SEARCH_WORDS)])}&n={number}"
        try:
            connection.request("GET", path, headers=ACCEPT)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            recorder.add(type(error).__name__, started)
            connection.close()
            # A refused connection fails at once: do not spin.
            time.sleep(0.05)
            continue
        recorder.add(response.status, started, response.getheader("X-Cache") == "hit")
        if response.will_close:
            connection.close()
            with recorder.lock:
                recorder.reconnects += 1
    connection.close()


def run_load(port, urls, seconds, connections, fault=None):
    """Load for `seconds`; `fault` (stop, start) is called in another thread. Returns the recorder, events."""
    recorder = Recorder()
    recorder.start = time.monotonic()
    deadline = recorder.start + seconds
    events = {}
    threads = [
        threading.Thread(target=client, args=(port, urls, recorder, deadline, number * 7))
        for number in range(connections)
    ]
    for thread in threads:
        thread.start()
    if fault:
        stop, start, at, outage = fault
        time.sleep(max(0.0, recorder.start + at - time.monotonic()))
        events["stopped"] = time.monotonic() - recorder.start
        stop()
        events["down"] = time.monotonic() - recorder.start
        time.sleep(outage)
        events["starting"] = time.monotonic() - recorder.start
        start()
        events["ready"] = time.monotonic() - recorder.start
    for thread in threads:
        thread.join()
    return recorder, events


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def summary(recorder, seconds, page_cache):
    records = recorder.records
    errors = Counter(str(outcome) for _, outcome, _, _ in records if outcome != 200)
    latencies = [ms for _, _, ms, _ in records]
    hits = sum(hit for *_, hit in records)
    print(f"requests           {len(records):,}")
    print(f"requests/s         {len(records) / seconds:.1f}")
    kinds = ", ".join(f"{kind}: {count:,}" for kind, count in errors.most_common()) or "none"
    print(f"errors             {sum(errors.values()):,} ({kinds})")
    print(
        f"latency ms         p50 {statistics.median(latencies) if latencies else 0:.1f}, "
        f"p95 {percentile(latencies, 0.95):.1f}, max {max(latencies, default=0):.1f}"
    )
    if page_cache:
        print(f"page cache hits    {hits / max(1, len(records)):.0%} of requests (searches are never cached)")
    print(f"new connections    {recorder.reconnects:,} (gunicorn's sync workers close after each response)")
    return errors


def timeline(recorder, events, seconds, what):
    per_second = defaultdict(list)
    for ended, outcome, ms, hit in recorder.records:
        per_second[int(ended)].append((outcome, ms, hit))
    marks = defaultdict(list)
    for name in ("stopped", "starting", "ready"):
        marks[int(events[name])].append(f"{what} {name}")
    print(f"\n{'second':>6} {'requests':>8} {'OK':>6} {'errors':>6} {'hits':>5} {'p95 ms':>7}  event")
    for second in range(int(seconds) + 1):
        rows = per_second.get(second, [])
        if not rows and second >= seconds:
            continue
        ok = sum(outcome == 200 for outcome, _, _ in rows)
        hits = sum(hit for *_, hit in rows)
        p95 = percentile([ms for _, ms, _ in rows], 0.95)
        share = f"{hits / len(rows):.0%}" if rows else "-"
        event = ", ".join(marks.get(second, []))
        print(f"{second:>6} {len(rows):>8} {ok:>6} {len(rows) - ok:>6} {share:>5} {p95:>7.0f}  {event}")
    print(
        f"{what} stopped at {events['stopped']:.1f} s (down at {events['down']:.1f} s), started again at "
        f"{events['starting']:.1f} s, ready at {events['ready']:.1f} s"
    )


def goals(args, recorder, errors, events, seconds):
    total = sum(errors.values())
    print("\ngoals")
    if not (args.restart_postgres or args.stop_redis):
        verdict = "met" if total == 0 else "NOT met"
        print(f"  0 errors at {args.connections} connections for {seconds:.0f} s: {verdict} ({total} errors)")
        return
    if args.stop_redis:
        verdict = "met" if total == 0 else "NOT met"
        print(f"  0 errors with Redis stopped for {args.outage:.0f} s: {verdict} ({total} errors)")
        after = [hit for ended, _, _, hit in recorder.records if ended >= seconds - args.settle]
        print(f"  pages from the cache again in the last {args.settle} s: {sum(after) / max(1, len(after)):.0%} hits")
        return
    failed = [ended for ended, outcome, _, _ in recorder.records if outcome != 200]
    window = f"{len(failed):,} errors, from {min(failed):.1f} s to {max(failed):.1f} s" if failed else "no errors"
    inside = all(events["stopped"] <= ended <= events["ready"] + GRACE_SECONDS for ended in failed)
    print(
        f"  errors only while PostgreSQL is down (seconds {events['stopped']:.1f} to {events['ready']:.1f}, "
        f"+{GRACE_SECONDS} s): {'met' if inside else 'NOT met'} ({window})"
    )
    settled = [outcome for ended, outcome, _, _ in recorder.records if ended >= seconds - args.settle]
    ok = all(outcome == 200 for outcome in settled)
    print(
        f"  full recovery, every request OK in the last {args.settle} s: {'met' if ok else 'NOT met'} "
        f"({sum(outcome == 200 for outcome in settled):,} of {len(settled):,} OK)"
    )
    if failed:
        print(f"  last error at {max(failed):.1f} s, PostgreSQL ready again at {events['ready']:.1f} s")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    faults = parser.add_mutually_exclusive_group()
    faults.add_argument("--restart-postgres", action="store_true", help="stop PostgreSQL mid-run, then start it")
    faults.add_argument("--stop-redis", action="store_true", help="stop Redis mid-run, then start it")
    parser.add_argument("--quick", action="store_true", help="a few seconds at a few connections (CI)")
    parser.add_argument("--seconds", type=float, help="length of the run (60; --quick 5, or 12 with a fault)")
    parser.add_argument("--connections", type=int, help="concurrent connections (50; --quick 8)")
    parser.add_argument("--outage", type=float, help="seconds the service stays down (5; --quick 2)")
    parser.add_argument("--settle", type=int, help="the last seconds in which every request must be OK (20)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (coalition/gunicorn.py: 2 a core + 1)")
    parser.add_argument("--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE for gunicorn")
    parser.add_argument("--no-page-cache", action="store_true", help="PAGE_CACHE_SECONDS=0: every page rendered")
    args = parser.parse_args(argv)
    fault = args.restart_postgres or args.stop_redis
    if args.seconds is None:
        args.seconds = (12 if fault else 5) if args.quick else 60
    if args.connections is None:
        args.connections = 8 if args.quick else 50
    if args.outage is None:
        args.outage = 2 if args.quick else 5
    if args.settle is None:
        args.settle = 3 if args.quick else 20
    return args


def main(argv=None):
    args = parse_args(argv)
    directory = Path(tempfile.mkdtemp(prefix="bench-load-"))
    # The postgres user must reach the cluster's directory inside it.
    directory.chmod(0o755)
    processes = PrivateProcesses(directory)
    try:
        env = site_env(directory, processes, args)
        pages = build_site(directory, processes, env)
        urls = [path for _, _, path in pages]
        with serve(
            env, directory / "gunicorn.log", "--config", "python:coalition.gunicorn", workers=args.workers
        ) as port:
            for path in urls:
                # Warm: the pages in Redis, as a running site has them.
                get(port, path)
            fault = None
            if args.restart_postgres:
                fault = (processes.stop_postgres, processes.start_postgres, 0.4 * args.seconds, args.outage)
            elif args.stop_redis:
                fault = (processes.stop_redis, processes.start_redis, 0.4 * args.seconds, args.outage)
            log(f"{args.connections} connections for {args.seconds:.0f} s over {len(urls)} addresses")
            recorder, events = run_load(port, urls, args.seconds, args.connections, fault)
        workers = args.workers or 2 * (os.cpu_count() or 1) + 1
        print(
            f"\nbench/load.py: {args.seconds:.0f} s, {args.connections} keep-alive connections, gunicorn with "
            f"{workers} sync workers, production settings, private PostgreSQL and Redis on 127.0.0.1, "
            f"DATABASE_CONN_MAX_AGE={args.conn_max_age}, page cache {'off' if args.no_page_cache else 'on'}; "
            f"{os.cpu_count()} cores, load average "
            f"{os.getloadavg()[0]:.1f}"
        )
        print("addresses: " + ", ".join(f"{kind} ({language})" for kind, language, _ in pages))
        errors = summary(recorder, args.seconds, page_cache=not args.no_page_cache)
        if events:
            timeline(recorder, events, args.seconds, "PostgreSQL" if args.restart_postgres else "Redis")
        goals(args, recorder, errors, events, args.seconds)
    except SiteError as error:
        print(f"bench/load.py: {error}", file=sys.stderr)
        return 1
    finally:
        processes.close()
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
