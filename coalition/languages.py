"""What a language is called, in the language being read: the one place that knows how to write it.

Django names each language in the active language (`name_translated`), with a capital as in a heading: "Inglés".
Spanish, like French, Italian, Portuguese and Catalan, writes language names in lower case in running text ("se
atiende en inglés y español"; docs/spanish-style.md), so for those the first letter is lowered; only the first,
as a name may go on with a proper noun ("español de México"). A template that starts a sentence or a list item
with a name capitalises it again (`capfirst`).
"""

from django.utils.translation import get_language, get_language_info

LOWER_CASE_NAMES = {"ca", "es", "fr", "it", "pt"}


def language_name(code):
    """The name of the language `code` in the active language, as written mid-sentence; KeyError for a code Django
    does not know."""
    name = str(get_language_info(code)["name_translated"])
    if (get_language() or "").split("-")[0] in LOWER_CASE_NAMES:
        return name[:1].lower() + name[1:]
    return name
