"""The critical path of a page: the document (with any redirects) plus every render-blocking stylesheet and
synchronous <head> script, as transferred. About 14 KB fits the first round trip of a new connection."""

from html.parser import HTMLParser
from urllib.parse import urljoin


class HeadBlockers(HTMLParser):
    """Collects the URLs in <head> that hold up the first paint: stylesheets for screen and synchronous scripts."""

    def __init__(self):
        super().__init__()
        self.in_head = True
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "body":
            self.in_head = False
        elif self.in_head and (url := blocking_url(tag, attrs)):
            self.urls.append(url)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def blocking_url(tag, attrs):
    if tag == "link" and "stylesheet" in attrs.get("rel", "").lower().split():
        return attrs.get("media", "").strip().lower() != "print" and attrs.get("href")
    if tag == "script" and not {"async", "defer"} & attrs.keys():
        return attrs.get("type", "").lower() in ("", "text/javascript", "application/javascript") and attrs.get("src")
    return None


def critical_bytes(hops, html, document_url):
    """The document (with any redirects) plus the render-blocking files in its <head>, as transferred."""
    document = [hop for hop in hops if hop["id"] == hops[0]["id"]]
    parser = HeadBlockers()
    parser.feed(html)
    blockers = []
    for url in {urljoin(document_url, href) for href in parser.urls}:
        blockers += [hop for hop in hops if hop["url"] == url][:1]
    return sum(hop["bytes"] for hop in document + blockers)
