"""The three roles of the coalition's admin, and review before publishing on the whole tree.

- Editors write drafts and submit them for review. They cannot publish.
- Moderators approve, publish and unpublish, and change the site settings.
- Translators edit translations only: they get page permissions on each non-English home page
  and its subtree (see home/signals.py for home pages created later) and may start translations.
Every page is under the "Moderators approval" workflow, so nothing an editor writes goes live
before a moderator approves it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_MODEL_PERMISSIONS = {
    "Editors": [
        "wagtailadmin.access_admin",
        "resources.add_organisation",
        "resources.change_organisation",
        "resources.add_language",
        "resources.change_language",
        "wagtail_localize.submit_translation",
    ],
    "Moderators": [
        "wagtailadmin.access_admin",
        "resources.add_organisation",
        "resources.change_organisation",
        "resources.delete_organisation",
        "resources.add_language",
        "resources.change_language",
        "home.change_sitesettings",
        "home.change_sitetext",
        "wagtail_localize.submit_translation",
    ],
    "Translators": [
        "wagtailadmin.access_admin",
        "home.change_sitetext",
        "wagtail_localize.submit_translation",
    ],
}
ROOT_PAGE_PERMISSIONS = {
    "Editors": ["add_page", "change_page"],
    "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
TRANSLATOR_PAGE_PERMISSIONS = ["change_page"]


def permission(apps, dotted):
    app_label, codename = dotted.split(".")
    return apps.get_model("auth", "Permission").objects.get(content_type__app_label=app_label, codename=codename)


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Permission = apps.get_model("auth", "Permission")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_MODEL_PERMISSIONS}
    for name, permissions in ROLE_MODEL_PERMISSIONS.items():
        groups[name].permissions.add(*[permission(apps, dotted) for dotted in permissions])

    page_permission = {p.codename: p for p in Permission.objects.filter(content_type__app_label="wagtailcore")}
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    for name, codenames in ROOT_PAGE_PERMISSIONS.items():
        # Exactly these: an editor must not keep a publish permission from an older setup.
        GroupPagePermission.objects.filter(group=groups[name], page=root).exclude(
            permission__codename__in=codenames
        ).delete()
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=root, permission=page_permission[codename]
            )

    default_locale = Locale.objects.order_by("pk").first()
    for home in Page.objects.filter(depth=2).exclude(locale=default_locale):
        for codename in TRANSLATOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=groups["Translators"], page=home, permission=page_permission[codename]
            )

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name="Moderators approval",
            content_type=ContentType.objects.get_for_model(GroupApprovalTask),
            active=True,
        )
    task.groups.add(groups["Moderators"])
    workflow, _created = Workflow.objects.get_or_create(name="Moderators approval", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_search_configurations"),
        ("resources", "0003_organisation_uuid"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
