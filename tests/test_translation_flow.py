"""An editor adds a question in English, translates it in wagtail-localize's editor, and publishes both."""

import html
import json
import re
from urllib.parse import urlencode

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail_localize.models import TranslationSource

from resources.models import FaqPage
from tests.utils import edit_page_url, log_in, page_form_data, question_block

pytestmark = pytest.mark.django_db

NEW_QUESTION = "Can I get help without giving my name?"
NEW_ANSWER = "Yes. The hotlines on this site do not need your name."
SPANISH_QUESTION = "¿Puedo recibir ayuda sin dar mi nombre?"
SPANISH_ANSWER = "Sí. Las líneas de ayuda de este sitio no necesitan su nombre."


def faq_edit_data(page, extra_questions):
    """The page editor's form data for `page` as it stands, plus new questions at the end."""
    existing = [
        question_block(q["question"], q["answer"].source, anchor=q["anchor"], featured=q["featured"])
        for q in page.questions
    ]
    data = page_form_data(
        {"title": page.title, "slug": page.slug, "introduction": page.introduction},
        streams={"body": existing + extra_questions},
    )
    for index, child in enumerate(page.body):
        data[f"body-{index}-id"] = child.id
    return data


def editor_segments(client, page):
    """The strings wagtail-localize's editor offers for `page`, as its JavaScript reads them."""
    response = client.get(edit_page_url(page))
    props = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode()).group(1)
    return {
        segment["source"]: segment for segment in json.loads(html.unescape(props))["segments"] if "source" in segment
    }


def test_editor_adds_translates_and_publishes_a_question(client, demo_site, django_capture_on_commit_callbacks):
    """The new question goes live in English, then in Spanish after translation, and older translations survive."""
    log_in(client, get_user_model().objects.create_superuser("editor", "", "pw"))
    english = FaqPage.objects.get(slug="getting-help", locale__language_code="en")
    spanish = english.get_translation(english.get_translations().get().locale)
    old_spanish_questions = [q["question"] for q in spanish.questions]

    # 1. The editor adds the question in the English page editor and publishes.
    data = faq_edit_data(english, [question_block(NEW_QUESTION, f"<p>{NEW_ANSWER}</p>")])
    response = client.post(edit_page_url(english), {**data, "action-publish": "action-publish"})
    assert response.status_code == 302
    assert NEW_QUESTION in client.get(english.url).content.decode()

    # 2. "Sync translated pages" brings the new strings to the Spanish translation, as a draft.
    source = TranslationSource.objects.get(object_id=english.translation_key, locale=english.locale)
    response = client.post(reverse("wagtail_localize:update_translations", args=[source.pk]))
    assert response.status_code == 302
    assert NEW_QUESTION not in client.get(spanish.url).content.decode()

    # 3. In the localize editor the translator fills in the three new strings: question, answer and link name.
    segments = editor_segments(client, spanish)
    for english_text, spanish_text in [
        (NEW_QUESTION, SPANISH_QUESTION),
        (NEW_ANSWER, SPANISH_ANSWER),
        ("can-i-get-help-without-giving-my-name", "Ayuda sin dar mi nombre"),
    ]:
        response = client.put(
            segments[english_text]["editUrl"],
            urlencode({"value": spanish_text}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201)

    # 4. Publishing from the localize editor puts the Spanish question live.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_page_url(spanish), {"action": "publish"})
    assert response.status_code == 302
    spanish_html = html.unescape(client.get(spanish.url).content.decode())
    assert SPANISH_QUESTION in spanish_html and SPANISH_ANSWER in spanish_html
    assert NEW_QUESTION not in spanish_html
    for question in old_spanish_questions:
        assert question in spanish_html
    # The link name is the translator's, made a valid one; the English page keeps its own.
    assert 'id="ayuda-sin-dar-mi-nombre"' in spanish_html
    assert 'id="can-i-get-help-without-giving-my-name"' in client.get(english.url).content.decode()
