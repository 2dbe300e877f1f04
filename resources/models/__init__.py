"""The content domain's models, one module per kind; import them from here."""

from .base import Availability, BasePage, IndexPage, PageImage, PageQuerySet, VerifiedFacts
from .faq import FaqIndexPage, FaqPage
from .hotlines import HotlineIndexPage, HotlinePage
from .imports import DirectoryImport, DirectoryService
from .services import ServiceIndexPage, ServicePage
from .snippets import Language, Organisation, ServiceCategory
from .standard import StandardPage
from .updates import UpdateIndexPage, UpdatePage

__all__ = [
    "Availability",
    "BasePage",
    "DirectoryImport",
    "DirectoryService",
    "FaqIndexPage",
    "FaqPage",
    "HotlineIndexPage",
    "HotlinePage",
    "IndexPage",
    "Language",
    "Organisation",
    "PageImage",
    "PageQuerySet",
    "ServiceCategory",
    "ServiceIndexPage",
    "ServicePage",
    "StandardPage",
    "UpdateIndexPage",
    "UpdatePage",
    "VerifiedFacts",
]
