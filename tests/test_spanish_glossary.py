"""The site's Spanish keeps to docs/spanish-style.md: no catalogue and no rendered Spanish page uses a form its
glossary rejects, times are written in 12 hours ("7 p. m.") and language names in lower case mid-sentence.

The glossary is read from the guide itself, so a term added there is checked at once."""

import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from wagtail.models import Page

from resources.blocks import OpeningHoursBlock
from resources.models import HotlinePage, Language, ServiceIndexPage

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "spanish-style.md"
CATALOGUES = sorted((ROOT / "locale" / "es" / "LC_MESSAGES").glob("*.po")) + sorted(
    (ROOT / "home" / "demo").glob("*.po")
)
NONE = "—"


@dataclass(frozen=True)
class Term:
    english: str
    use: str
    never: tuple


@cache
def glossary():
    """The rows of the table under "## Glossary" in the guide: | English | Use | Never | Why |."""
    lines = GUIDE.read_text(encoding="utf-8").split("\n## Glossary", 1)[1].splitlines()
    rows = [line for line in lines[: next_heading(lines)] if line.startswith("|")]
    header = cells(rows[0])
    assert header[:3] == ["English", "Use", "Never"], f"{GUIDE.name}: the glossary's columns are {header}"
    terms = []
    for row in rows[2:]:  # after the header and its | --- | line
        english, use, never = cells(row)[:3]
        forms = tuple(form.strip() for form in never.split(" · ") if form.strip() not in ("", NONE))
        terms.append(Term(english, use, forms))
    return terms


def next_heading(lines):
    return next((index for index, line in enumerate(lines) if line.startswith("## ")), len(lines))


def cells(row):
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


@cache
def rejected_pattern(form):
    """`form` as whole words in any case, accents as written, any spacing between its words."""
    words = r"\s+".join(re.escape(word) for word in form.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


# A correction may quote the words it corrects: "Antes, esta respuesta llamaba al … “línea de Missouri Safe House”".
CORRECTION = re.compile(r"(?<!\w)Antes, esta respuesta(?!\w)", re.IGNORECASE)
QUOTED = re.compile(r"“[^“”]*”")


def rejected(text):
    """Every (form found, glossary term) in `text`, but for the quotations of a correction."""
    quoted = [match.span() for match in QUOTED.finditer(text)] if CORRECTION.search(text) else []
    return [
        (match.group(0), term)
        for term in glossary()
        for form in term.never
        for match in rejected_pattern(form).finditer(text)
        if not any(start <= match.start() and match.end() <= end for start, end in quoted)
    ]


def advice(where, text, found):
    return [
        f"{where}: “{wrong}” (term “{term.english}”): use “{term.use}” — in “{excerpt(text)}”" for wrong, term in found
    ]


def excerpt(text, length=90):
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


# Times: a clock time needs "a. m." or "p. m." after it. One that is 24-hour by its look (13:00 to 23:59, a leading
# zero, or "h"/"horas" after it) is always reported; 1:00 to 12:59 only where it reads as a time of day (after "a
# las", "de", "desde", "hasta", "abre", "cierra", "horario"..., or starting a range), so a duration ("dura 1:30"),
# a verse (Juan 3:16) or a score is left alone.
CLOCK = re.compile(r"(?<![\w:.,/])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")
MERIDIEM = re.compile(r"\s*[ap]\.\s?m\.", re.IGNORECASE)
TWENTY_FOUR_HOUR_SUFFIX = re.compile(r"\s*(h|hrs?|horas)(?!\w)", re.IGNORECASE)
TIME_OF_DAY_BEFORE = re.compile(
    r"(?<!\w)(a|a las?|las?|de|desde|hasta|entre|y|abre|cierra|horario|hora)\s*:?\s*$", re.IGNORECASE
)
RANGE_AFTER = re.compile(r"\s*(–|-|a|hasta)\s*([01]?\d|2[0-3]):[0-5]\d")


def clock_times(text):
    """Clock times in `text` not written as "7 p. m." or "9:30 a. m."."""
    found = []
    for match in CLOCK.finditer(text):
        after, before = text[match.end() :], text[max(0, match.start() - 25) : match.start()]
        if MERIDIEM.match(after):
            continue
        hour = match.group(1)
        twenty_four = int(hour) > 12 or hour.startswith("0") or TWENTY_FOUR_HOUR_SUFFIX.match(after)
        if twenty_four or TIME_OF_DAY_BEFORE.search(before) or RANGE_AFTER.match(after):
            found.append(match.group(0))
    return found


# Language names: capitalised only where a sentence, list item, heading or button starts.
SENTENCE_START = re.compile(r"(^|[.!?…]\s+)[\s¿¡“\"'«(\[—–•*-]*$")


def language_names():
    """The Spanish names of the site's languages and of every language a hotline or service may list."""
    with translation.override("es"):
        names = {Language(code=code).name for code in ["en", "es", *Language.objects.values_list("code", flat=True)]}
    return {name for name in names if name[:1].islower()}


def capitalised_mid_sentence(segment, names):
    """The names in `segment` written with a capital where no sentence or item starts, in the order they come."""
    found = []
    for name in names:
        for match in re.finditer(rf"(?<!\w){re.escape(capfirst(name))}(?!\w)", segment):
            if not SENTENCE_START.search(segment[: match.start()]):
                found.append((match.start(), match.group(0)))
    return [name for _start, name in sorted(found)]


def style_problems(where, segments, names):
    problems = []
    for segment in segments:
        problems += [
            f"{where}: “{found}” is not a 12-hour time (write “7 p. m.”) — in “{excerpt(segment)}”"
            for found in clock_times(segment)
        ]
        problems += [
            f"{where}: “{found}” mid-sentence: language names are lower case (“{found.lower()}”) — in “{excerpt(segment)}”"
            for found in capitalised_mid_sentence(segment, names)
        ]
    return problems


# The text a reader meets on a page: its text, and the alt, title, aria-label and placeholder attributes, one
# segment for each block (paragraph, list item, heading, cell, button...), so that a segment starts where a
# sentence or an item may start.
BLOCK_TAGS = (
    "address article aside blockquote br button caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr label legend li main nav ol optgroup option p pre section select summary table "
    "td th title tr ul"
)
BLOCKS = set(BLOCK_TAGS.split())
HIDDEN = {"script", "style", "template"}
SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.segments, self.current, self.hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        if tag in BLOCKS:
            self.flush()
        self.segments += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value and value.strip()]

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag in BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.hidden:
            self.current.append(data)

    def flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.segments.append(text)
        self.current = []

    def close(self):
        super().close()
        self.flush()


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.segments


# The glossary itself


def test_the_glossary_names_the_terms_the_site_decided():
    """The guide's glossary parses, and keeps the decisions the site's Spanish was corrected to."""
    terms = {term.english: term for term in glossary()}
    decided = {
        "National Human Trafficking Hotline": ("Línea Nacional contra la Trata de Personas", "Missouri Safe House"),
        "hotline (in general)": ("línea de ayuda", "línea directa"),
        "referral · refer": ("referencia", "remisión"),
        "by referral only, not walk-in": ("solo con referencia", "no se atiende sin cita"),
        "high school · GED": ("preparatoria", "escuela secundaria"),
        "sliding scale": ("según sus ingresos", "escala móvil"),
        "faith-based outreach": ("Ayuda de iglesias y grupos de fe", "basado en la fe"),
        "girls (about 12 to 18)": ("niñas y adolescentes", "chicas"),
        "non-emergency": ("que no son de emergencia", "no urgentes"),
        "solicitation": ("ofrecer o pedir sexo a cambio de dinero", "solicitud de servicios sexuales"),
        "after-school": ("después de clases", "extraescolares"),
        "sex workers": ("personas que ejercen el trabajo sexual", "trabajadores sexuales"),
        "press (a key, a button)": ("presione", "pulse"),
        "advocate": ("persona de apoyo", "defensor"),
        "they can find help with you": ("pueden ayudarle a buscar ayuda", "buscar ayuda con usted"),
        "harm reduction": ("reducción de daños", None),
        "human trafficking": ("trata de personas", "tráfico de personas"),
        "STI · STD": ("ITS", "ETS"),
        "counselling": ("consejería", None),
    }
    for english, (use, never) in decided.items():
        assert english in terms, f"{GUIDE.name}: the glossary has no row for “{english}”"
        assert use in terms[english].use
        assert never is None or never in terms[english].never
    for term in glossary():
        assert term.use, f"{GUIDE.name}: “{term.english}” says nothing to use"
        assert rejected(term.use) == [], f"{GUIDE.name}: “{term.english}” rejects what it says to use"


def test_rejected_forms_match_whole_words_in_any_case_with_their_accents():
    found = [(wrong, term.english) for wrong, term in rejected("Pulse la tecla. Solo por Remisión; defensores.")]
    assert found == [
        ("Remisión", "referral · refer"),
        ("Pulse", "press (a key, a button)"),
        ("defensores", "advocate"),
    ]
    correction = "Antes, esta respuesta decía “línea de Missouri Safe House”. Es la Línea Nacional."
    assert rejected(correction) == []
    assert [wrong for wrong, _term in rejected("La “línea de Missouri Safe House” atiende.")] == [
        "Missouri Safe House"
    ]
    assert rejected("impulse una pulsera; una remision; la Defensoría; escala  móvil") == [
        ("escala  móvil", next(term for term in glossary() if term.english == "sliding scale"))
    ]


def test_clock_times_and_capitals_are_told_from_legitimate_text():
    assert clock_times("de 9 a. m. a 5 p. m.; a las 9:30 a. m.; de 10:15 p.m. a medianoche") == []
    assert clock_times("Juan 3:16. Dura 1:30. Llame al 636-327-5105. https://example.org:8000/") == []
    assert clock_times("Abre a las 9:00 y cierra a las 17:00. Lunes: 08:30, 14:00 h; de 9:00 a 5:00") == [
        "9:00",
        "17:00",
        "08:30",
        "14:00",
        "9:00",
        "5:00",
    ]
    names = {"inglés", "español"}
    assert capitalised_mid_sentence("Inglés, español", names) == []
    assert capitalised_mid_sentence("Se atiende en inglés. Español también. ¿Inglés?", names) == []
    assert capitalised_mid_sentence("Se atiende en Inglés y Español", names) == ["Inglés", "Español"]
    assert visible_text("<li>Inglés</li><p>Se atiende <a>en inglés</a></p><script>x = '19:00'</script>") == [
        "Inglés",
        "Se atiende en inglés",
    ]


# The catalogues


def entries(catalogue):
    """The Spanish of every entry but web addresses (context "slug": a published address is kept)."""
    for entry in polib.pofile(str(catalogue)):
        if entry.obsolete or entry.msgctxt == "slug":
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                yield entry, text


def entry_name(catalogue, entry):
    return f"{catalogue.relative_to(ROOT)} “{excerpt(entry.msgid, 50)}”"


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_catalogue_uses_the_glossarys_terms(catalogue):
    """No Spanish string uses a form the glossary rejects."""
    problems = []
    for entry, text in entries(catalogue):
        problems += advice(entry_name(catalogue, entry), text, rejected(text))
    assert problems == [], "\n".join(["", *problems])


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_catalogue_writes_times_and_language_names_as_spanish_does(catalogue):
    """No Spanish string writes a 24-hour time or a capitalised language name mid-sentence."""
    problems = []
    for entry, text in entries(catalogue):
        problems += style_problems(entry_name(catalogue, entry), [text], {"inglés", "español"})
    assert problems == [], "\n".join(["", *problems])


# The Spanish site as readers see it


def spanish_pages(client):
    """(where, segments of visible text) for every live Spanish page, and the Spanish pages made by views alone:
    search with no result, a directory filter with no result (each pointing to the hotlines), the resource card,
    the 404 and the 500."""
    pages = Page.objects.live().filter(locale__language_code="es").specific().order_by("path")
    urls = [(page.url, page.title) for page in pages if page.url]
    assert len(urls) > 20
    directory = ServiceIndexPage.objects.live().get(locale__language_code="es")
    Language.objects.get_or_create(code="vi")  # a language no service lists: the filter finds nothing
    with translation.override("es"):
        urls += [
            (reverse("search") + "?q=zzqxjv", "search, nothing found"),
            (directory.url + "?language=vi", "directory, nothing found"),
            (reverse("resource_card"), "resource card"),
            ("/es/no-existe-esta-pagina/", "404"),
        ]
    found = []
    for url, name in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url}: {response.status_code}"
        found.append((f"{url} ({name})", visible_text(response.content.decode())))
    from home.views import server_error

    with translation.override("es"):
        found.append(("500 page", visible_text(server_error(RequestFactory().get("/es/")).content.decode())))
    return found


def test_spanish_pages_use_the_glossarys_terms(client, demo_site):
    """No live Spanish page shows a form the glossary rejects."""
    problems = []
    for where, segments in spanish_pages(client):
        for segment in segments:
            problems += advice(where, segment, rejected(segment))
    assert problems == [], "\n".join(["", *problems])


def test_spanish_pages_write_times_and_language_names_as_spanish_does(client, demo_site):
    """No live Spanish page shows a 24-hour time or a capitalised language name mid-sentence."""
    names = language_names()
    problems = []
    for where, segments in spanish_pages(client):
        problems += style_problems(where, segments, names)
    assert problems == [], "\n".join(["", *problems])


# What writes times and language names


def render_hours(language, opens, closes):
    block = OpeningHoursBlock()
    value = block.to_python({"days": ["mon", "tue"], "opens": opens, "closes": closes})
    with translation.override(language):
        return " ".join(visible_text(block.render(value))[0].split())


def test_opening_hours_are_12_hour_times_in_spanish():
    """Spanish hours read “de 9:30 a. m. a 7 p. m.”, with mediodía and medianoche; English keeps Django's."""
    assert render_hours("es", "09:30", "19:00") == "Lunes, martes: de 9:30 a. m. a 7 p. m."
    assert render_hours("es", "08:00", "12:00") == "Lunes, martes: de 8 a. m. a mediodía"
    assert render_hours("es", "20:00", "00:00") == "Lunes, martes: de 8 p. m. a medianoche"
    assert render_hours("en", "09:30", "19:00") == "Monday, Tuesday: 9:30 a.m. to 7 p.m."


def test_language_names_are_lower_case_in_spanish_only():
    """A language's name is lower case in Spanish, where a list starting with it capitalises it (`capfirst`)."""
    english, spanish = Language(code="en"), Language(code="es")
    with translation.override("es"):
        assert [english.name, spanish.name, str(english)] == ["inglés", "español", "inglés"]
        assert Language(code="es-mx").name == "español de México"
    with translation.override("en"):
        assert [english.name, spanish.name] == ["English", "Spanish"]
    assert Language(code="xx").name == "xx"


def test_a_spanish_page_lists_its_languages_capitalised_only_first(client, demo_site):
    """The hotline's Spanish page lists its languages as “Inglés, español”, not “Inglés, Español”."""
    hotlines = HotlinePage.objects.live().filter(locale__language_code="es").order_by("path")
    hotline = next(hotline for hotline in hotlines if hotline.languages.count() > 1)
    segments = visible_text(client.get(hotline.url).content.decode())
    assert "Inglés, español" in segments
