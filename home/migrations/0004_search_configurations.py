"""Moved to coalition/search/migrations/0001_text_search_configurations.py, with the search backends.

Kept, doing nothing, so that databases migrated before the move keep a consistent history; that
migration creates the configurations only where they do not exist yet.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("home", "0003_site_settings_pages")]

    operations = []
