"""Editors and moderators may post alert banners; translators may translate them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Editors": ["add_alertbanner", "change_alertbanner", "delete_alertbanner"],
    "Moderators": ["add_alertbanner", "change_alertbanner", "delete_alertbanner"],
    "Translators": ["change_alertbanner"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("home")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="home", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("home", "0006_alert_banner"), ("home", "0005_roles_and_review_workflow")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
