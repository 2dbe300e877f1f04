"""Listings at 10 and at 500 services: the directory, search and the HSDS list. Prints figures, asserts nothing.

Run from the repository root:

    .venv/bin/python bench/listings.py            # 30 renders a page
    .venv/bin/python bench/listings.py --quick    # 5 renders a page: the CI smoke run

It builds a throw-away SQLite copy of the demo site with production settings, trims it to 10 English
services (with their Spanish translations), measures, then adds services up to 500 and measures again.
Each page is rendered in process with Django's test client (no HTTP, no browser): the figures are SQL
queries for one render, the median render time, the response size and how many results the page shows.
A listing that stays paginated shows the same number of results at 500 services as at 10.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.throwaway import setup_django  # noqa: E402

PAGES = [
    ("directory (en)", "/services/"),
    ("directory, filtered (es)", "/es/servicios/?cost=free"),
    ("search (en)", "/search/?q=food"),
    ("search (es)", "/es/buscar/?q=comida"),
    ("HSDS services list", "/hsds/services"),
    ("HSDS services list (es)", "/hsds/services?lang=es"),
]


def english_services():
    from resources.models import ServicePage

    return ServicePage.objects.filter(locale__language_code="en")


def trim_to(count):
    """Delete English services (and their translations) beyond the first `count`."""
    for page in english_services().order_by("path")[count:]:
        for translation in page.get_translations():
            translation.delete()
        page.delete()


def grow_to(count):
    """Add English services with Spanish copies until there are `count`, as editors would publish them."""
    from wagtail.models import Locale

    from resources.models import Organisation, ServiceCategory, ServiceIndexPage, ServicePage

    index = ServiceIndexPage.objects.get(locale__language_code="en")
    spanish = Locale.objects.get(language_code="es")
    provider = Organisation.objects.first()
    categories = list(ServiceCategory.objects.all())
    for number in range(english_services().count(), count):
        page = ServicePage(
            title=f"Food bank {number}",
            slug=f"food-bank-{number}",
            provider=provider,
            summary="Free groceries and a hot meal, no questions asked.",
            how_to_access="Walk in.",
            cost="free" if number % 2 else "sliding_scale",
        )
        index.add_child(instance=page)
        page.categories.set([categories[number % len(categories)]])
        page.save_revision().publish()
        copy = page.copy_for_translation(spanish, copy_parents=False)
        copy.title = f"Banco de comida {number}"
        copy.summary = "Comida gratuita y una comida caliente, sin preguntas."
        copy.save_revision().publish()


def measure(path, runs):
    from django.test import Client

    from tests.utils import get_counting_queries

    client = Client()
    client.get(path)  # warm caches of compiled templates and translations
    response, queries = get_counting_queries(client, path)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    if path.startswith("/hsds/"):
        shown = len(response.json()["contents"]) if response.status_code == 200 else 0
    else:
        shown = response.content.decode().count('<li class="card">')
    return {
        "status": response.status_code,
        "queries": queries,
        "ms": statistics.median(timings),
        "kb": len(response.content) / 1024,
        "shown": shown,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 renders a page instead of 30")
    args = parser.parse_args(argv)
    runs = 5 if args.quick else 30
    with tempfile.TemporaryDirectory() as directory:
        setup_django(directory)
        results = {}
        for size, prepare in [(10, trim_to), (500, grow_to)]:
            prepare(size)
            results[size] = {name: measure(path, runs) for name, path in PAGES}
        print(f"{'page':<26} {'services':>8} {'status':>6} {'queries':>7} {'ms (median)':>11} {'KB':>6} {'shown':>5}")
        for name, _path in PAGES:
            for size in results:
                row = results[size][name]
                print(
                    f"{name:<26} {size:>8} {row['status']:>6} {row['queries']:>7} {row['ms']:>11.1f}"
                    f" {row['kb']:>6.1f} {row['shown']:>5}"
                )
        print()
        for name, _path in PAGES:
            small, large = results[10][name], results[500][name]
            flat = "same" if small["queries"] == large["queries"] else f"{small['queries']} -> {large['queries']}"
            paginated = "yes" if large["shown"] <= max(small["shown"], 50) else "NO"
            print(
                f"{name:<26} queries 10 -> 500: {flat:<10} render x{large['ms'] / small['ms']:.1f}"
                f"  paginated at 500: {paginated}"
            )


if __name__ == "__main__":
    main()
