"""SQLite full-text search (Wagtail's database backend) that ranks the matches in one query.

Wagtail's SQLite backend orders by relevance with a correlated subquery: for each matching page it runs
the full-text match again to find that page's score, so a word found on thousands of pages takes
seconds. Here a result page is found the other way round: the full-text index is matched once, joined
to the pages the search is limited to, sorted by the same BM25 score and cut to the page of results;
then those few pages are read by primary key. Counting and everything else is Wagtail's.
Used when the database is SQLite (see settings); PostgreSQL uses postgres.py beside this one.
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
        if compiler.ranks_by_itself(self._score_field):
            return compiler.ranked(compiler.get_config(self.backend), self.start, self.stop)
        return super()._do_search()


class RankedSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedQueryCompiler
    results_class = RankedSearchResults


SearchBackend = RankedSearchBackend
