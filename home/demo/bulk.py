"""More content on top of the demo site, published as editors publish it: for benchmarks and tests.

Every English page is added with Wagtail's `add_child` and published from a revision, then copied
into Spanish with `copy_for_translation`, given Spanish text and published too. So the search
index, the reference index, the tree, publish signals and translations are what a real site has;
only the text is repetitive. The Spanish copies are translations in Wagtail's sense (one translation key)
but not synced through wagtail-localize, which has no translation source for them. Everything runs in
one transaction: one commit, not thousands.

    add_content(services=300, questions=300, updates=300)   # that many more English pages, each with Spanish
    scale_demo(10)                                          # 10 times the demo: adds 9 times its content

Needs the demo site (`load_demo_content`): new pages go under its index pages.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale

from resources.models import (
    FaqIndexPage,
    FaqPage,
    HotlineIndexPage,
    HotlinePage,
    Language,
    Organisation,
    ServiceCategory,
    ServiceIndexPage,
    ServicePage,
    UpdateIndexPage,
    UpdatePage,
)

from . import content

# Five to a page, near the demo's three or four: at 10x the FAQ index already lists a full page of them.
QUESTIONS_PER_PAGE = 5

# Kinds of service as (English, Spanish); every title and summary also says "help" / "ayuda",
# so a search for that word finds the new pages as well as the demo's.
SERVICE_KINDS = [
    ("Food pantry", "Despensa de alimentos"),
    ("Walk-in clinic", "Clínica sin cita"),
    ("Legal clinic", "Clínica legal"),
    ("Job club", "Club de empleo"),
    ("Support group", "Grupo de apoyo"),
    ("Shelter beds", "Camas de albergue"),
]
TOPICS = [
    ("housing", "vivienda"),
    ("health care", "atención médica"),
    ("legal help", "ayuda legal"),
    ("work", "trabajo"),
    ("safety", "seguridad"),
]


def demo_counts():
    """How much of each the demo site has, from its content: what `scale_demo` multiplies."""
    return {
        "services": len(content.SERVICES),
        "questions": sum(len(topic["questions"]) for topic in content.FAQ_TOPICS),
        "updates": len(content.UPDATES),
        "hotlines": len(content.HOTLINES),
    }


def current_counts():
    """Live English services, questions, updates and hotlines, and how many of each are featured."""
    english = {"live": True, "locale__language_code": "en"}
    faqs = FaqPage.objects.filter(**english)
    questions = [question for faq in faqs for question in faq.questions]
    return {
        "services": ServicePage.objects.filter(**english).count(),
        "questions": len(questions),
        "updates": UpdatePage.objects.filter(**english).count(),
        "hotlines": HotlinePage.objects.filter(**english).count(),
        "featured": {
            "services": ServicePage.objects.filter(**english, featured=True).count(),
            "questions": sum(1 for question in questions if question.get("featured")),
            "hotlines": HotlinePage.objects.filter(**english, featured=True).count(),
        },
    }


def scale_demo(factor, progress=None):
    """Bring the site up to `factor` times the demo's services, questions, updates and hotlines.

    On the plain demo that adds (factor - 1) times each; on a site already scaled, only what is
    missing. The home page's featured lists stay the demo's, as editors keep them short, so a page
    at any factor shows the same things as at 1x (tests/test_queries.py adds featured items to show
    that they add no queries).
    """
    now = current_counts()
    wanted = {kind: count * factor for kind, count in demo_counts().items()}
    return add_content(**{kind: max(0, wanted[kind] - now[kind]) for kind in wanted}, progress=progress)


@transaction.atomic
def add_content(
    *,
    services=0,
    questions=0,
    updates=0,
    hotlines=0,
    featured_services=0,
    featured_questions=0,
    featured_hotlines=0,
    progress=None,
):
    """Publish that many more English services, questions, updates and hotlines, each with a live Spanish copy.

    Questions come as new FAQ pages of QUESTIONS_PER_PAGE questions (the last one holds the rest).
    The first `featured_*` new services, questions and hotlines are ticked for the home page.
    `progress(done, total)` is called after each English page with its translation.
    Returns the new English pages.
    """
    adder = _Adder(progress, total=services + updates + hotlines + -(-questions // QUESTIONS_PER_PAGE))
    for number in range(services):
        adder.service(featured=number < featured_services)
    start = 0
    while start < questions:
        count = min(QUESTIONS_PER_PAGE, questions - start)
        adder.faq_page(count, featured=max(0, min(count, featured_questions - start)))
        start += count
    for _number in range(updates):
        adder.update()
    for number in range(hotlines):
        adder.hotline(featured=number < featured_hotlines)
    return adder.pages


class _Adder:
    """Looks up parents and related rows once, then publishes page after page."""

    def __init__(self, progress, total):
        self.progress = progress
        self.total = total
        self.pages = []
        self.spanish = Locale.objects.get(language_code="es")
        english = {"locale__language_code": "en"}
        # One instance per parent for the whole run: treebeard keeps its child count in step.
        self.parents = {
            model: model.objects.get(**english)
            for model in (ServiceIndexPage, FaqIndexPage, UpdateIndexPage, HotlineIndexPage)
        }
        self.numbers = {model: parent.numchild for model, parent in self.parents.items()}
        self.organisations = list(Organisation.objects.order_by("pk"))
        self.categories = list(ServiceCategory.objects.order_by("pk"))
        self.languages = [Language.objects.get_or_create(code=code)[0] for code in ("en", "es")]

    def next_number(self, index_model):
        self.numbers[index_model] += 1
        return self.numbers[index_model]

    def publish(self, index_model, page, spanish, related=None):
        """Publish `page` under its index, then its Spanish copy with the `spanish` field values."""
        self.parents[index_model].add_child(instance=page)
        for name, values in (related or {}).items():
            getattr(page, name).set(values)
        page.save_revision().publish()
        copy = page.copy_for_translation(self.spanish, copy_parents=False)
        for name, value in spanish.items():
            setattr(copy, name, value)
        copy.save_revision().publish()
        self.pages.append(page)
        if self.progress:
            self.progress(len(self.pages), self.total)

    def service(self, featured):
        number = self.next_number(ServiceIndexPage)
        kind, tipo = SERVICE_KINDS[number % len(SERVICE_KINDS)]
        topic, tema = TOPICS[number % len(TOPICS)]
        page = ServicePage(
            title=f"{kind} {number}",
            slug=f"{kind.lower().replace(' ', '-')}-{number}",
            provider=self.organisations[number % len(self.organisations)],
            summary=f"Free, confidential help with {topic} in Wentzville. No ID needed.",
            cost="free" if number % 2 else "sliding_scale",
            confidential=bool(number % 3),
            phone=f"636-555-{100 + number % 100:04d}",
            street_address=f"{number} Main Street",
            locality="Wentzville",
            postal_code="63385",
            how_to_access="Walk in, or call first to ask about waiting times.",
            description=f"<p>Trained staff help with {topic}. Bring a friend if you like.</p>",
            open_24_7=not number % 4,
            featured=featured,
        )
        spanish = {
            "title": f"{tipo} {number}",
            "slug": f"servicio-{number}",
            "summary": f"Ayuda gratuita y confidencial con {tema} en Wentzville. No se pide identificación.",
            "how_to_access": "Venga sin cita, o llame antes para preguntar cuánto hay que esperar.",
            "description": f"<p>Personal capacitado ayuda con {tema}. Puede venir con alguien de confianza.</p>",
        }
        category = self.categories[number % len(self.categories)]
        self.publish(ServiceIndexPage, page, spanish, {"categories": [category], "languages": self.languages})

    def faq_page(self, count, featured):
        number = self.next_number(FaqIndexPage)
        topic, tema = TOPICS[number % len(TOPICS)]
        english, spanish = [], []
        for position in range(1, count + 1):
            anchor = f"question-{position}"
            values = {"anchor": anchor, "featured": position <= featured}
            english.append(
                {
                    "type": "question",
                    "value": {
                        **values,
                        "question": f"Where can I get help with {topic}? ({number}.{position})",
                        "answer": f"<p>Call or walk in to a service listed for {topic}. The help is free.</p>",
                    },
                    "id": f"bulk-{number}-{position}",
                }
            )
            spanish.append(
                {
                    "type": "question",
                    "value": {
                        **values,
                        "question": f"¿Dónde consigo ayuda con {tema}? ({number}.{position})",
                        "answer": f"<p>Llame o vaya a un servicio de {tema}. La ayuda es gratuita.</p>",
                    },
                    "id": f"bulk-{number}-{position}",
                }
            )
        page = FaqPage(
            title=f"More questions about {topic} ({number})",
            slug=f"more-questions-{number}",
            introduction=f"Questions people ask about help with {topic}.",
            body=english,
        )
        self.publish(
            FaqIndexPage,
            page,
            {
                "title": f"Más preguntas sobre {tema} ({number})",
                "slug": f"mas-preguntas-{number}",
                "introduction": f"Preguntas sobre ayuda con {tema}.",
                "body": spanish,
            },
        )

    def update(self):
        number = self.next_number(UpdateIndexPage)
        topic, tema = TOPICS[number % len(TOPICS)]
        # Older than the demo's news, one a day further back, so the demo's stay the latest.
        oldest = min(update["date"] for update in content.UPDATES)
        page = UpdatePage(
            title=f"New help with {topic} ({number})",
            slug=f"update-{number}",
            date=oldest - datetime.timedelta(days=number),
            summary=f"A member service now offers help with {topic}.",
            body=[("paragraph", f"<p>A member service now offers free help with {topic}. Call to ask.</p>")],
        )
        spanish = {
            "title": f"Nueva ayuda con {tema} ({number})",
            "slug": f"novedad-{number}",
            "summary": f"Un servicio miembro ofrece ahora ayuda con {tema}.",
            "body": [("paragraph", f"<p>Un servicio miembro ofrece ahora ayuda gratuita con {tema}. Llame.</p>")],
        }
        self.publish(UpdateIndexPage, page, spanish)

    def hotline(self, featured):
        number = self.next_number(HotlineIndexPage)
        topic, tema = TOPICS[number % len(TOPICS)]
        page = HotlinePage(
            title=f"Help line for {topic} ({number})",
            slug=f"help-line-{number}",
            operator="Trained volunteers",
            summary=f"Call for help with {topic}. You do not have to give your name.",
            phone=f"636-555-{100 + number % 100:04d}",
            open_24_7=bool(number % 2),
            sort_order=60 + number % 40,
            featured=featured,
            what_to_expect="<p>A volunteer listens and tells you where to get help. Nothing is recorded.</p>",
            last_verified=timezone.localdate(),
            verification_source="Called the line",
        )
        spanish = {
            "title": f"Línea de ayuda para {tema} ({number})",
            "slug": f"linea-de-ayuda-{number}",
            "operator": "Voluntarios capacitados",
            "summary": f"Llame para pedir ayuda con {tema}. No tiene que dar su nombre.",
            "what_to_expect": "<p>Un voluntario escucha y le dice dónde conseguir ayuda. No se graba nada.</p>",
        }
        self.publish(HotlineIndexPage, page, spanish, {"languages": self.languages})
