"""A page behind a password or login stays private on every path the fast router and listings take."""

import html
from urllib.parse import quote

import pytest

from wagtail.models import PageViewRestriction

from resources.models import FaqPage, ServicePage

pytestmark = pytest.mark.django_db


def english(model):
    return model.objects.live().filter(locale__language_code="en").order_by("path").first()


def body(response):
    return html.unescape(response.content.decode())


def test_a_password_protected_page_asks_for_the_password(client, demo_site):
    """The page's content is not shown; Wagtail's password form is."""
    faq = english(FaqPage)
    question = faq.questions[0]["question"] if hasattr(faq, "questions") else faq.title
    PageViewRestriction.objects.create(page=faq, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")
    response = client.get(faq.url)
    assert response.status_code == 200
    assert 'name="password"' in body(response)
    assert question not in body(response)


def test_a_page_under_a_login_restriction_is_not_served_or_listed(client, demo_site):
    """A service under a restricted directory redirects to login, and the sitemap and search leave it out."""
    service = english(ServicePage)
    directory = service.get_parent()
    PageViewRestriction.objects.create(page=directory, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(service.url)
    assert response.status_code == 302
    sign_in = client.get(response["Location"])
    assert sign_in.status_code == 200 and 'name="password"' in body(sign_in)
    assert f"next={quote(service.url)}" in response["Location"]
    assert service.url not in body(client.get("/sitemap-1.xml"))
    assert f'href="{service.url}"' not in body(client.get("/search/", {"q": service.title}))
    assert directory.title not in body(client.get("/")).split('<nav class="site-nav"')[1].split("</nav>")[0]
