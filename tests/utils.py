"""Small builders shared by the tests."""

import re
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "wentzville-faq.txt"


def seed_questions():
    """The seed's (question, [answer paragraphs]) pairs, read the way an editor would split them."""
    pairs = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = line.rstrip()
        if not line:
            continue
        if line.endswith("?"):
            pairs.append((line, []))
        else:
            pairs[-1][1].append(line)
    return pairs


def page_form_data(fields, streams=None, many=None):
    """Form data as the Wagtail page editor posts it: plain fields, StreamFields, and multi-selects."""
    data = {"comments": inline_formset([])}
    data.update(fields)
    for name, blocks in (streams or {}).items():
        data[name] = streamfield(blocks)
    flat = nested_form_data(data)
    flat.update(many or {})
    return flat


def question_block(question, answer_html, anchor="", featured=False):
    value = {"question": question, "answer": rich_text(answer_html), "anchor": anchor}
    if featured:
        value["featured"] = "on"
    return ("question", value)


def add_page_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk))


def edit_page_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


__all__ = ["inline_formset", "nested_form_data", "rich_text", "streamfield"]


def get_counting_queries(client, path, **extra):
    """The response to a GET and the number of SQL statements it took.

    Counted with connection.execute_wrapper: CaptureQueriesContext misses statements when the
    connection is reopened during the request.
    """
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(path, **extra)
    return response, len(statements)


def without_nonces(page):
    """A page's HTML with its response's own CSP nonce blanked: two responses of the same content differ
    by their nonce alone."""
    text = page.decode() if isinstance(page, bytes) else page
    return re.sub(r'nonce="[^"]*"', 'nonce=""', text)
