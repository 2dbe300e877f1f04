"""A whole-page cache for anonymous readers that is never stale, and the CDN purge that goes with it.

Hand-written rather than wagtail-cache (CodeRed), the library that does this for Wagtail: its latest
release, 3.0.0, requires wagtail<8.0, and its invalidation clears the whole cache backend (in a shared
Redis, everything else stored there too) and knows nothing of alert banners that start and end by the
clock. What is needed here is small: Django's cache framework and about a hundred lines.

What is cached: the response to a GET from a reader without Django's cookies (session, CSRF, messages)
and without an Authorization header, when it is a 200 with no cookies of its own, not marked private or
no-store, for an address with no query string, outside /admin/, /django-admin/, /documents/, /media/ and
/static/. So Wagtail pages in both languages, the resource card, the sitemap, robots.txt, the feeds and
the HSDS API's plain addresses. A HEAD is answered from the cache (the GET's headers, no body) but never
fills it. Addresses with a query string are rendered every time: search results (whose words must never
be stored), directory filters, later pages of a list, the HSDS API's paging. Caching them would let anyone
fill the cache by adding ?x=1, ?x=2, ... to any address, and a bad value such as ?page=abc can never be kept.

How it is keyed: by the site Wagtail matches for the request, the scheme, the path (its /es/ prefix gives
the language) and the encoding; a response that varies on any request header but Accept-Encoding,
Accept-Language (LocaleMiddleware names it, the path decides) and Cookie is not kept. Never by the Host
header as sent, which would let anyone fill the cache with LOCALHOST, 127.0.0.1., localhost:020000 or a
new port a request; so no kept page may depend on it either (sites.py: readers' absolute addresses name
the site's configured host). A Host outside ALLOWED_HOSTS gets its 400 before the cache is read, and one
that matches no site, when none is the default, is served and never kept. Memory is bounded: MAX_ENTRIES
in CACHES without Redis, Redis's maxmemory with it (docs/performance.md), and no entry over MAX_ENTRY_BYTES.

When it is invalidated: every key contains a generation token. Anything a reader could notice replaces
the token, and every cached page is missed once and rendered afresh: publishing, unpublishing, moving or
deleting any page (in any language), saving or deleting any snippet, any setting, a model that a page type
points at (a service's organisation, categories, languages), a site, a locale, a view restriction, an image
or a document, and every `migrate` (so a deploy never serves pages rendered by the old code). The models
are read from Wagtail's registries when a change is saved (invalidation.py), so a snippet added later is
covered without a list to keep. Whole-site
invalidation on each publish is deliberate: the site has about seventy pages a language, rendering them
again costs well under a second of CPU spread over the next readers, and no listing, translation,
menu, sitemap, feed or API answer can be left behind, which a list of "pages that show this page"
always risks. The token is replaced at once and again when the transaction commits, so a page rendered
from the old rows while the publish was under way cannot be kept under the new token.

Across processes: the token lives in the cache alias "page_generation". With REDIS_URL it is in Redis
with the pages, so every gunicorn worker and every machine sees one token. Without it, pages stay in
each process's memory but the token is a small file (settings PAGE_CACHE_DIR) that every process on the
machine reads, so a publish in one gunicorn worker or in cron's `publish_scheduled` reaches the others.

Content that changes by the clock, with no signal (alert banners start and end), is asked for through the
`page_cache_max_age` Wagtail hook: a page is never kept past the soonest time a hook gives.

Headers: `X-Cache: hit` or `miss` on cacheable responses; `Cache-Control: public, max-age=60` (less when
the entry has less time left), plus `s-maxage=<the entry's remaining lifetime>` when a CDN purge backend
is configured (WAGTAILFRONTENDCACHE), because then the CDN is told to drop pages when they change. A
response that already has Cache-Control (the HSDS API) keeps its own. Requests with Django's cookies get
`Cache-Control: private` when the response has none, so a shared cache never keeps an editor's copy.

`PAGE_CACHE_SECONDS` (environment) is the longest an entry is kept; 0 turns the page cache off. It is
also off when DEBUG is on, so that template edits show at once under `make run`.
"""
