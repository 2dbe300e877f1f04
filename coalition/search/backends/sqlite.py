"""SQLite full-text search (Wagtail's database backend) that ranks the matches in one query.

Wagtail's SQLite backend orders by relevance with a correlated subquery: for each matching page it runs
the full-text match again to find that page's score, so a word found on thousands of pages takes
seconds. Here a result page is found the other way round: the full-text index is matched once, joined
to the pages the search is limited to, sorted by the same BM25 score and cut to the page of results;
then those few pages are read by primary key. Counting and everything else is Wagtail's.
Used when the database is SQLite (see settings); PostgreSQL uses postgres.py beside this one.

Built from the inside of modelsearch's SQLite backend, so every private modelsearch name the site uses is
here and nowhere else: the modules modelsearch.backends.database.sqlite.query (`MatchExpression`,
`normalize`) and .sqlite (the FTS index entry, the backend, its query compiler and results), the
compiler's `_build_rank_expression` (modelsearch's own BM25 score, so the order is the same),
`build_search_query`, `get_search_vectors` and `FTS_TABLE_FIELDS`, and the results' `_do_search` and
`_score_field`. Guarded by test_sqlite_search_ranks_as_wagtail_does in tests/test_finding_help.py, which
compares the results, page after page, with modelsearch's own SQLiteSearchBackend (the contract tests
for Wagtail's private names are in tests/test_wagtail_contracts.py).
"""

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from django.db.models import CharField
from django.db.models.functions import Cast


class RankedQueryCompiler(SQLiteSearchQueryCompiler):
    def ranks_by_itself(self, score_field):
        """Whether `ranked` can answer: ordered by relevance, scores not asked for, a positive query."""
        query = normalize(self.query)
        return self.order_by_relevance and score_field is None and not isinstance(query, (MatchAll, Not))

    def ranked(self, config, start, stop):
        """The objects of one result page, best first (ties: newest first, as Wagtail orders them)."""
        search_query = self.build_search_query(normalize(self.query), config=config)
        model = self.queryset.model
        allowed = self.queryset.order_by().annotate(key=Cast("pk", CharField())).values("key")
        entries = (
            SQLiteFTSIndexEntry.objects.filter(MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query))
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(model),
                index_entry__object_id__in=allowed,
            )
            .annotate(
                score=self._build_rank_expression(self.get_search_vectors(), config),
                object_pk=Cast("index_entry__object_id", type(model._meta.pk)()),
            )
            .order_by("score", "-object_pk")
            .values_list("index_entry__object_id", flat=True)
        )
        keys = [model._meta.pk.to_python(key) for key in entries[start:stop]]
        found = self.queryset.in_bulk(keys)
        return [found[key] for key in keys if key in found]


class RankedSearchResults(SQLiteSearchResults):
    def _do_search(self):
        compiler = self.query_compiler
        # Autocomplete (the admin's page search) has a compiler of its own: Wagtail's way, unchanged.
        if isinstance(compiler, RankedQueryCompiler) and compiler.ranks_by_itself(self._score_field):
            return compiler.ranked(compiler.get_config(self.backend), self.start, self.stop)
        return super()._do_search()


class RankedSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedQueryCompiler
    results_class = RankedSearchResults


SearchBackend = RankedSearchBackend
