"""In-process renders of a page with Django's test client (bench/pages.py): SQL queries and Python function
calls of one render, and median render times, warm and with every cache emptied first (cold)."""

import cProfile
import pstats
import statistics
import time
from pathlib import Path

from bench.throwaway import log

# In-process renders: in ROUNDS rounds over the scales; a page stops after RENDER_SECONDS in all (at each
# scale, warm and cold each), but renders at least once a round.
ROUNDS = 10
RENDER_SECONDS = 10


def count_work(path):
    """Status, SQL queries of one render of `path` with every cache empty, and Python function calls of one
    render warm and of one with every cache empty: measures of work that do not depend on the machine.
    (After untimed renders, which compile templates and load translations.)"""
    from django.test import Client

    from coalition.caching.reset import clear_caches
    from tests.utils import get_counting_queries

    client = Client()
    for _ in range(3):
        client.get(path)
    calls = function_calls(client, path)
    response, queries = get_counting_queries(client, path, cold=True)
    clear_caches()
    return {
        "status": response.status_code,
        "queries": queries,
        "calls": calls,
        "cold_calls": function_calls(client, path),
    }


def function_calls(client, path):
    """Python function calls (cProfile's count, C functions included) made by one request for `path`."""
    profile = cProfile.Profile()
    profile.runcall(client.get, path)
    return pstats.Stats(profile).total_calls


def use_database(path):
    """Point this process at another copy of the site's database, with every cache emptied."""
    from django.db import connection

    from coalition.caching.reset import clear_caches

    connection.close()
    connection.settings_dict["NAME"] = str(path)
    clear_caches()


def measure_renders(rows, databases, runs):
    """Median render times of each row's page, warm and cold, with the scales interleaved.

    Timings on a shared machine drift over minutes, so the scales are not timed one after another:
    in each of ROUNDS rounds, every scale's copy of the database is used in turn, and each page is
    rendered runs / ROUNDS times warm, then as many times with every cache emptied before each render.
    A slow page stops early in a round (at most RENDER_SECONDS a page and scale in all), but is rendered
    at least once a round. Each row gets "ms" and "cold_ms".
    """
    from django.test import Client

    from coalition.caching.reset import clear_caches

    client = Client()
    rounds = min(ROUNDS, runs)
    per_round, budget = -(-runs // rounds), RENDER_SECONDS / rounds
    timings = {(id(row), cold): [] for row in rows for cold in (False, True)}
    for number in range(rounds):
        log(f"rendering in process: round {number + 1} of {rounds}")
        for factor, database in databases.items():
            use_database(database)
            for row in rows:
                if row["factor"] != factor:
                    continue
                client.get(row["path"])  # warm the data cache after the switch
                for cold in (False, True):
                    measured = timings[id(row), cold]
                    deadline = time.perf_counter() + budget
                    for _ in range(per_round):
                        if cold:
                            clear_caches()
                        start = time.perf_counter()
                        client.get(row["path"])
                        measured.append((time.perf_counter() - start) * 1000)
                        if time.perf_counter() > deadline:
                            break
    for row in rows:
        row["ms"] = statistics.median(timings[id(row), False])
        row["cold_ms"] = statistics.median(timings[id(row), True])
        row["renders"] = len(timings[id(row), False])


def keep_database(directory, factor):
    """A copy of the database as it is at this scale, for measure_renders."""
    import sqlite3

    from django.db import connection

    connection.close()
    copy = Path(directory) / f"bench-{factor}x.sqlite3"
    with sqlite3.connect(connection.settings_dict["NAME"]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy
