"""Moderators may import services from another directory's HSDS data ("Import from a directory" in the admin,
resources/hsds/admin_views.py); editors and translators may not: an import makes drafts of many services at once."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["add_directoryimport", "view_directoryimport"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(
        *Permission.objects.filter(content_type__app_label="resources", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="resources", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("home", "0012_site_text_quick_exit"), ("resources", "0010_directory_imports")]

    operations = [migrations.RunPython(grant, revoke)]
