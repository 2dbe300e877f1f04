"""The reading level of the demo site's live pages in both languages, as "Reading level" measures them. Prints
figures, asserts nothing.

Run from the repository root:

    .venv/bin/python bench/readability.py

It builds a throw-away SQLite copy of the demo site with production settings and measures every live page
(resources/readability.py): the grade (Flesch–Kincaid in English; in Spanish Fernández Huerta's reading ease
and the grade his table gives it), the words, the longest sentence. Then how many pages are above the target
(READABILITY_TARGET_GRADE), how long measuring them all takes, twice, after the time a process takes to read
the English syllables' dictionary, once; and the report as an administrator gets it: queries and time.
"""

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.throwaway import setup_django  # noqa: E402


def timed_readings():
    from wagtail.models import Page

    from resources.readability import live_readings

    start = time.perf_counter()
    pages = live_readings(Page.objects.all())
    return pages, (time.perf_counter() - start) * 1000


def timed_dictionary():
    """How long the first English measure of a process spends reading the pronouncing dictionary."""
    from coalition.editorial.readability import ENGLISH

    start = time.perf_counter()
    ENGLISH.syllable_count("dictionary")
    return (time.perf_counter() - start) * 1000


def timed_report():
    """Reports › Reading level as an administrator opens it: status, SQL queries, milliseconds (median of 5)."""
    import statistics

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from tests.utils import get_counting_queries, log_in

    client = Client()
    log_in(client, get_user_model().objects.create_superuser("bench", "", "bench-only-password"))
    # The admin's own static files, by name: the throw-away site has collected none.
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain_static):
        response, queries = get_counting_queries(client, "/admin/reading-level/")
        timings = []
        for _ in range(5):
            start = time.perf_counter()
            client.get("/admin/reading-level/")
            timings.append((time.perf_counter() - start) * 1000)
    return response.status_code, queries, statistics.median(timings)


def figure(reading):
    if reading.too_short:
        return "too short"
    if reading.ease is not None:
        return f"{reading.grade:.1f} (ease {reading.ease:.0f})"
    return f"{reading.grade:.1f}"


def main():
    with tempfile.TemporaryDirectory() as directory:
        setup_django(directory)
        from django.conf import settings

        dictionary_ms = timed_dictionary()
        pages, first_ms = timed_readings()
        _again, again_ms = timed_readings()
        report = timed_report()
        target = settings.READABILITY_TARGET_GRADE
        print(f"{'page':<62} {'lang':<4} {'grade':>16} {'words':>6} {'longest':>7}")
        for page in sorted(pages, key=lambda page: (page.reading.language, page.url_path)):
            reading = page.reading
            mark = " *" if reading.above_target else ""
            url = page.get_url()
            print(
                f"{url[:62]:<62} {reading.language:<4} {figure(reading):>16} {reading.words:>6} {reading.longest_sentence:>7}{mark}"
            )

    print()
    print(
        f"target: grade {target:g} (* above it); grade in Spanish: from the reading ease; longest: words in the longest sentence"
    )
    for language in ("en", "es"):
        rows = [page.reading for page in pages if page.reading.language == language]
        measured = [reading for reading in rows if not reading.too_short]
        above = [reading for reading in measured if reading.above_target]
        grades = sorted(reading.grade for reading in measured)
        median = grades[len(grades) // 2] if grades else 0
        print(
            f"{language}: {len(rows)} live pages, {len(measured)} measured, {len(above)} above the target, "
            f"{len(rows) - len(measured)} too short to measure; median grade {median:.1f}"
        )
    print(
        f"measuring all {len(pages)} live pages: {first_ms:.0f} ms, then {again_ms:.0f} ms again; "
        f"before the first, {dictionary_ms:.0f} ms reading the English dictionary (once a process)"
    )
    status, queries, report_ms = report
    print(
        f"Reports › Reading level (administrator): status {status}, {queries} queries, {report_ms:.0f} ms (median of 5)"
    )


if __name__ == "__main__":
    main()
