"""PostgreSQL full-text search that stems each page in its own language.

Wagtail's database backend takes one text search configuration for the whole index. Here each
page is indexed with the configuration of its locale (Spanish stemming for Spanish pages), and a
search runs with the configuration of the active language. Both configurations also strip
accents, so "clinica" finds "clínica". They are created by coalition/search/migrations/0001.
Only used on PostgreSQL; SQLite uses Wagtail's own database backend (see settings).
"""

import copy
from collections import defaultdict

from django.utils import translation

from wagtail.models import Locale
from wagtail.search.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)


class LocaleIndex(PostgresIndex):
    def add_items(self, model, objs):
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        by_config = defaultdict(list)
        for obj in objs:
            language = languages.get(getattr(obj, "locale_id", None))
            by_config[self.backend.config_for_language(language)].append(obj)
        for config, group in by_config.items():
            PostgresIndex(self.backend.with_config(config)).add_items(model, group)


class LocaleQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        return backend.config_for_language(translation.get_language())


class LocaleSearchBackend(PostgresSearchBackend):
    query_compiler_class = LocaleQueryCompiler
    index_class = LocaleIndex

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = params.get("LANGUAGE_CONFIGS", {})

    def config_for_language(self, language_code):
        return self.language_configs.get(language_code, self.config)

    def with_config(self, config):
        clone = copy.copy(self)
        clone.config = config
        return clone


SearchBackend = LocaleSearchBackend
