"""{% fragment %}: parts of a page that many pages share, rendered once per process and content state."""

from django import template
from django.template.loader_tags import BlockNode
from django.utils import translation

from wagtail.models import Site

from ..generation import for_request

register = template.Library()

# Rendered fragments in this process, by generation token and what else they vary on. A publish anywhere
# gives a new token, so a fragment is never shown after what it was made from changed; entries of old
# tokens are dropped all at once when there are too many.
_fragments = {}
MAX_FRAGMENTS = 2000


class FragmentNode(template.Node):
    def __init__(self, name, vary_on, nodelist):
        self.name = name
        self.vary_on = vary_on
        self.nodelist = nodelist
        # A {% block %} inside may be replaced by the page's template: then the part is kept per template.
        self.per_template = bool(nodelist.get_nodes_by_type(BlockNode))

    def render(self, context):
        request = context["request"]
        generation = for_request(request)
        if generation is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        key = (
            self.name,
            generation,
            # The site, found with the rows read under the token (no query), never the Host as sent.
            getattr(Site.find_for_request(request), "pk", None),
            translation.get_language(),
            context.template.name if self.per_template else None,
            *(value.resolve(context) for value in self.vary_on),
        )
        fragment = _fragments.get(key)
        if fragment is None:
            fragment = self.nodelist.render(context)
            if len(_fragments) >= MAX_FRAGMENTS:
                _fragments.clear()
            _fragments[key] = fragment
        return fragment


@register.tag
def fragment(parser, token):
    """{% fragment "name" value… %}…{% endfragment %}: the part inside, rendered once for each site,
    language, template and values given, until the next change to the site's content.

    For the parts of every page that are the same on many: the header, the menu (given the page's section),
    the footer. Whatever the part shows must come from data read under the request's generation token
    (generation.remember_for_request), the language or the values given: a part that shows anything else
    (the page's own title, the alert banner, whose time may run out) stays outside. Without a token for the
    request, and in a preview, which may show a draft, the part is rendered afresh.
    """
    name, *vary_on = token.split_contents()[1:]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(name, [parser.compile_filter(value) for value in vary_on], nodelist)
