"""Wagtail's and wagtail-localize's own words that mislead this site's editors, reworded in the project's catalogues.

Each string below is exactly Wagtail's or wagtail-localize's. Django reads LOCALE_PATHS (locale/) before any
app's catalogue, so an entry there with the same msgid changes the word wherever Wagtail shows it:
locale/en/LC_MESSAGES/django.po in English (written by hand; `make messages` leaves it alone), and
locale/es/LC_MESSAGES/django.po in Spanish. They are listed here, and never imported, so that `make messages`
(makemessages --no-obsolete) finds them in our sources and keeps their Spanish rather than dropping it.
tests/test_admin_words.py checks that each is still one of Wagtail's strings.
"""

from django.utils.translation import gettext_noop

# In English and Spanish.
REWORDED = [
    # The page's slug is its web address to editors.
    gettext_noop("slug"),
    gettext_noop("New slug"),
    gettext_noop("The slug '%(page_slug)s' is already in use within the parent page."),
    gettext_noop("The slug '%(page_slug)s' is already in use within the parent page at '%(parent_url_path)s'."),
    gettext_noop(
        "The slug '%(page_slug)s' is already in use at the selected parent page. "
        "Make sure the slug is unique and try again."
    ),
    gettext_noop("title tag"),
    gettext_noop("meta description"),
    gettext_noop("Meta description is empty"),
    gettext_noop("Promote"),
    gettext_noop("Add child page"),
    gettext_noop("Sign in to Wagtail"),
    # wagtail-localize: the site's languages, bringing changes to translations, and discarding a translation.
    gettext_noop("Locales"),
    gettext_noop("Sync translated pages"),
    gettext_noop("Sync translated snippets"),
    gettext_noop("Sync translations of '%(title)s'"),
    gettext_noop("Why would I sync my page?"),
    gettext_noop(
        "Changes are not automatically applied between translated pages. Syncing will add new content for "
        "translation and remove deleted content."
    ),
    gettext_noop("The last sync date was %(last_sync_date)s. You are about to sync the following:"),
    gettext_noop("Convert to alias page"),
    gettext_noop("Convert to alias"),
    gettext_noop("Convert to alias %(title)s"),
    gettext_noop(
        "Are you sure you want to convert this page into an alias? This will overwrite the content of the page "
        "with the content of '%(source_page_title)s' (%(source_page_locale)s)"
    ),
    gettext_noop("No, leave it as a page"),
    gettext_noop("Page '{}' has been converted into an alias."),
    # The admin's no-JavaScript notice linked to another host; ours says what to do without a link.
    gettext_noop(
        "JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the "
        '<a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instructions how to '
        "enable JavaScript in your web browser</a>."
    ),
]

# In Spanish only, where Wagtail's Spanish says something else: a page's status "live" reads "Ver en vivo"
# ("watch live"), "live + draft" reads "Ver borrador" ("view draft").
REWORDED_IN_SPANISH = [
    gettext_noop("live"),
    gettext_noop("Live"),
    gettext_noop("live + draft"),
    gettext_noop("live + scheduled"),
    gettext_noop("scheduled"),
    gettext_noop("expired"),
    gettext_noop("go live date/time"),
]
