"""Text search configurations for PostgreSQL: accents ignored, each language stemmed its own way.

Used by coalition/search/backends/postgres.py. On SQLite this migration does nothing: its full-text index already
ignores accents and has one stemmer for all pages.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'coalition_en') THEN
        CREATE TEXT SEARCH CONFIGURATION coalition_en (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION coalition_en
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'coalition_es') THEN
        CREATE TEXT SEARCH CONFIGURATION coalition_es (COPY = spanish);
        ALTER TEXT SEARCH CONFIGURATION coalition_es
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
    END IF;
END
$$;
"""
DROP = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS coalition_en;
DROP TEXT SEARCH CONFIGURATION IF EXISTS coalition_es;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [migrations.RunPython(create, drop)]
