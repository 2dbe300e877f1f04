"""How long importing a directory's HSDS data takes, per service: a dry run, the first import, the same again.
Prints figures, asserts nothing.

Run from the repository root:

    .venv/bin/python bench/import_hsds.py [--services N]

It builds a throw-away SQLite copy of the demo site with production settings, takes the demo's own
/hsds/services?full=true export, makes N services of it (copies with new ids and names, default 200), takes
the demo's services away, and imports them: a dry run, the import (drafts, workflow, one e-mail), and the same
file again (nothing changes). The admin's "Import from a directory" runs the dry run and the import in one request
each, so the per-service time says how large a file it handles within gunicorn's timeout (30 s by default).
"""

import argparse
import copy
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.throwaway import setup_django  # noqa: E402


def source(count, folder):
    from django.test import Client

    data = Client().get("/hsds/services", {"full": "true", "per_page": 200}).json()["contents"]
    services = []
    for number in range(count):
        service = copy.deepcopy(data[number % len(data)])
        service["id"] = str(uuid.uuid4())
        service["name"] = f"{service['name']} {number + 1}"
        for schedule in service.get("schedules", []):
            schedule["id"] = str(uuid.uuid4())
        services.append(service)
    path = Path(folder) / "services.json"
    path.write_text(json.dumps(services))
    return path


def timed(label, count, function):
    start = time.perf_counter()
    report = function()
    seconds = time.perf_counter() - start
    print(f"{label:<22} {seconds:6.1f} s  {seconds * 1000 / count:6.0f} ms a service   {report.summary()}")
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=200)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        from resources.hsds import importing
        from resources.models import Organisation, ServicePage

        path = source(arguments.services, folder)
        ServicePage.objects.all().delete()
        Organisation.objects.all().delete()
        count = arguments.services
        print(f"{count} services, {path.stat().st_size / 1024:.0f} KB of JSON")
        timed("dry run", count, lambda: importing.run(path, "Bench 211", dry_run=True))
        first = timed("import", count, lambda: importing.run(path, "Bench 211"))
        timed("same file again", count, lambda: importing.run(path, "Bench 211"))
        print(f"services one request imports within 30 s: about {int(30 / (first / count))}")


if __name__ == "__main__":
    main()
