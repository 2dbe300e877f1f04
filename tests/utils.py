"""Small builders shared by the tests, and the SQL statement counter that the benchmarks (bench/) use too."""

import io
import re
from contextlib import contextmanager
from pathlib import Path

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from PIL import Image as PILImage

from django.db import connection
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from coalition.caching.reset import clear_caches

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "seed" / "wentzville-faq.txt"


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
    # Its sources and corrections, empty lists: a list block posts its count.
    value = {
        "question": question,
        "answer": rich_text(answer_html),
        "anchor": anchor,
        "sources": {"count": 0},
        "corrections": {"count": 0},
    }
    if featured:
        value["featured"] = "on"
    return ("question", value)


def add_page_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk))


def edit_page_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


__all__ = ["inline_formset", "nested_form_data", "rich_text", "streamfield"]


def authenticator_app(user):
    """The user's confirmed authenticator app (a TOTP device), set up if they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "Test phone"})
    return device


def app_code(device):
    """The six digits the user's authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def log_in(client, user):
    """Sign the user in to the admin through both steps: the password, and a code from their app."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_app(user).persistent_id
    session.save()


@contextmanager
def counting_queries():
    """The SQL statements run inside the block, in a list that fills as they run.

    Counted with connection.execute_wrapper: CaptureQueriesContext misses statements when the
    connection is reopened inside the block (during a request, say).
    """
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield statements


def get_counting_queries(client, path, cold=False, **extra):
    """The response to a GET and the number of SQL statements it took; `cold`: with every cache emptied first."""
    if cold:
        clear_caches()
    with counting_queries() as statements:
        response = client.get(path, **extra)
    return response, len(statements)


def without_nonces(page):
    """A page's HTML with its response's own CSP nonce blanked: two responses of the same content differ
    by their nonce alone."""
    text = page.decode() if isinstance(page, bytes) else page
    return re.sub(r'nonce="[^"]*"', 'nonce=""', text)


def png(size=(40, 30)):
    """A small PNG picture, made in memory."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf():
    """A one-page PDF, written by hand: header, three objects, cross-reference table, trailer."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out
