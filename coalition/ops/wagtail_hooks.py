from wagtail import hooks

from .uploads import DocumentLinkHandler


# After wagtail.documents' own hook (order 0), so ours is the handler rich text uses for document links.
@hooks.register("register_rich_text_features", order=10)
def register_document_link_handler(features):
    features.register_link_type(DocumentLinkHandler)
