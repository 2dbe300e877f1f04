import os
import sqlite3

import pytest

from tests.browser import BROWSER_ARGS, DESKTOP, PASSWORD, PHONE, chromium_path


def make_demo_pictures():
    """The demo's pictures as pages show them, made once: each test rolls its rows back, so every test showing a
    picture would otherwise encode its AVIF, WebP and JPEG copies again."""
    from wagtail.images import get_image_model

    from coalition.ops.images import ResponsivePicture, preview_rendition

    for image in get_image_model().objects.all():
        assert ResponsivePicture(image, "").renditions
        preview_rendition(image)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo site once into the test database; each test's transaction leaves it as it was.

    On SQLite in memory, a copy of the loaded database is kept too: a transactional test (the browser
    tests) empties the database when it ends, and copying it back takes milliseconds where loading the
    demo again takes seconds.
    """
    from django.db import connection

    from home.demo import load_demo_content

    snapshot = None
    with django_db_blocker.unblock():
        load_demo_content()
        make_demo_pictures()
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.ensure_connection()
            snapshot = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(snapshot)
    yield snapshot
    if snapshot is not None:
        snapshot.close()


@pytest.fixture
def demo_site(db, django_db_setup, django_capture_on_commit_callbacks):
    """The demo site as `make run` shows it (put back when a transactional test emptied the database)."""
    from django.db import connection

    from home.demo import Report, load_demo_content

    if django_db_setup is not None and not connection.in_atomic_block:
        # A connection closed by an earlier test (Django closes it after a transactional one) is opened again.
        connection.ensure_connection()
        django_db_setup.backup(connection.connection)
        return Report()  # what loading the demo again would report: nothing to change
    # wagtail-localize publishes snippet translations when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        return load_demo_content()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; skipped without one unless REQUIRE_BROWSER is set."""
    path = chromium_path()
    if path is None:
        message = "no Chromium at $CHROMIUM_PATH or /usr/bin/chromium (Debian package 'chromium')"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls
    # from it unless told the loop is not serving requests.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=BROWSER_ARGS)
        yield browser
        browser.close()


def only_to(site_url, outside):
    """A Playwright route handler that lets requests to `site_url` (and data: URLs) through and stops, and
    notes in `outside`, every other."""

    def guard(route):
        url = route.request.url
        if url.startswith(site_url) or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    return guard


@pytest.fixture
def phone(chromium, live_server):
    """A fresh phone-sized browser page; fails the test if it requests any host but the live server."""
    context = chromium.new_context(**PHONE, base_url=live_server.url)
    outside = []
    context.route("**/*", only_to(live_server.url, outside))
    page = context.new_page()
    yield page
    context.close()
    assert outside == [], f"requests left the site: {outside}"


@pytest.fixture(autouse=True)
def english_by_default():
    """A request to /es/ leaves Spanish active in the thread; start every test in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def settings_left_as_found():
    """A test that changes settings must put them back: one that did not left the page cache off for every
    later test in its process (an @override_settings mixed with pytest-django's `settings`)."""
    from django.conf import settings

    before = settings._wrapped
    yield
    assert settings._wrapped is before, "this test left Django's settings changed"


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Pages cached by an earlier test, whose changes were rolled back without a signal, are never served;
    nor is anything else an earlier test left in a cache (Wagtail's site root paths, for one, or a rendered
    fragment). Only this site's keys, should the tests run with a shared Redis."""
    from coalition.caching.reset import clear_caches

    clear_caches()


# Data migrations whose rows the admin tests need: wagtail-localize's "submit translations" permission, then
# the Editors, Moderators and Translators groups and the "Moderators approval" workflow, then the snippets readers
# see under that workflow, with the moderators' permission to publish them.
DATA_MIGRATIONS = [
    ("wagtail_localize", "0006_create_submit_translation_permission"),
    ("home", "0005_roles_and_review_workflow"),
    ("home", "0007_alert_banner_permissions"),
    ("home", "0011_review_snippets_readers_see"),
    ("home", "0013_moderators_import_from_directories"),
]


@pytest.fixture
def roles(demo_site):
    """The roles and the review workflow, exactly as the data migrations make them.

    A transactional test empties the database when it ends, taking rows made by data migrations with it,
    so each migration's own code is run again on the historical models it was written for.
    """
    from django.db import connection
    from django.db.migrations import RunPython
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection)
    for key in DATA_MIGRATIONS:
        state = loader.project_state(key)
        for operation in loader.get_migration(*key).operations:
            if isinstance(operation, RunPython):
                operation.code(state.apps, None)


@pytest.fixture
def admin_browser(chromium, live_server):
    """Log a user into the admin (password, then their authenticator app's code) in a desktop-sized window
    whose requests never leave the live server and never meet a server error."""
    from django.contrib.auth import get_user_model

    from tests.utils import app_code, authenticator_app

    contexts, outside, server_errors = [], [], []

    def log_in(username):
        phone = authenticator_app(get_user_model().objects.get(username=username))
        context = chromium.new_context(**DESKTOP, base_url=live_server.url)
        context.route("**/*", only_to(live_server.url, outside))
        context.on("response", lambda response: response.status >= 500 and server_errors.append(response.url))
        contexts.append(context)
        page = context.new_page()
        page.goto("/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/two-factor/?**")
        page.fill("input[name=code]", app_code(phone))
        page.click("form.login-form button[type=submit]")
        page.wait_for_url("**/admin/")
        return page

    yield log_in
    for context in contexts:
        context.close()
    assert outside == [], f"requests left the site: {outside}"
    assert server_errors == [], f"server errors: {server_errors}"
