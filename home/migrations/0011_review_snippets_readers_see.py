"""What readers see goes through review, for snippets as for pages (#16).

- Site text, alert banners and organisations now keep drafts (0010, resources 0007) and are under the same
  workflow as the page tree ("Moderators approval"), so an editor's change goes live once a moderator approves it.
- Moderators may publish them at once (Wagtail's "publish" permission of a snippet with drafts).
- Editors may change the site text: their change is a draft that a moderator reviews.
- Editors no longer change languages: a language has no drafts, and a changed one would show at once on every
  page that lists it. They may still add one, which shows nowhere until an approved page lists it.
- Site settings stay with moderators (0005): Wagtail keeps no drafts of a setting.
- Rows readers already see stay live, each with a first revision as its published version, so the admin shows
  them as published and their history starts here.

Every step can run again without changing anything (tests/conftest.py's `roles` runs it after a flush).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

from modelcluster.models import get_serializable_data_for_fields

# The snippets readers see, each with the field that names a row (its __str__, which historical models lack).
REVIEWED = {
    ("home", "sitetext"): "site_name",
    ("home", "alertbanner"): "message",
    ("resources", "organisation"): "name",
}
# (app label, model, codename) → Wagtail's own name for its "publish" permission, so its post_migrate adds none.
PUBLISH_PERMISSIONS = {
    ("home", "sitetext"): "Can publish site text",
    ("home", "alertbanner"): "Can publish alert banner",
    ("resources", "organisation"): "Can publish organisation",
}
GRANT = {
    "Moderators": ["home.publish_sitetext", "home.publish_alertbanner", "resources.publish_organisation"],
    "Editors": ["home.change_sitetext"],
}
REVOKE = {"Editors": ["resources.change_language", "resources.delete_language"]}
WORKFLOW_NAME = "Moderators approval"


def review_snippets(apps, schema_editor):
    for app_label in ("home", "resources"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    content_types = {
        key: ContentType.objects.get_for_model(apps.get_model(*key), for_concrete_model=False) for key in REVIEWED
    }
    for (app_label, model_name), name in PUBLISH_PERMISSIONS.items():
        Permission.objects.get_or_create(
            content_type=content_types[app_label, model_name],
            codename=f"publish_{model_name}",
            defaults={"name": name},
        )

    def permissions(dotted_names):
        found = []
        for dotted in dotted_names:
            app_label, codename = dotted.split(".")
            found.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        return found

    for group_name, dotted_names in GRANT.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*permissions(dotted_names))
    for group_name, dotted_names in REVOKE.items():
        group = Group.objects.filter(name=group_name).first()
        if group is not None:
            group.permissions.remove(*permissions(dotted_names))

    assign_workflow(apps, content_types.values())
    publish_existing_rows(apps, content_types)


def assign_workflow(apps, content_types):
    """The workflow the page tree's root is under (0005's "Moderators approval"), for each reviewed snippet."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    at_root = WorkflowPage.objects.filter(page__depth=1).select_related("workflow").first()
    workflow = at_root.workflow if at_root else Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        return
    for content_type in content_types:
        WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})


def publish_existing_rows(apps, content_types):
    Revision = apps.get_model("wagtailcore", "Revision")
    now = timezone.now()
    for key, name_field in REVIEWED.items():
        model = apps.get_model(*key)
        content_type = content_types[key]
        for row in model.objects.filter(live=True, live_revision__isnull=True):
            revision = Revision.objects.create(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(row.pk),
                created_at=now,
                object_str=getattr(row, name_field),
                content=get_serializable_data_for_fields(row),
            )
            model.objects.filter(pk=row.pk).update(
                latest_revision=revision,
                live_revision=revision,
                has_unpublished_changes=False,
                first_published_at=row.first_published_at or now,
                last_published_at=row.last_published_at or now,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0010_site_text_and_alert_banner_drafts"),
        ("home", "0007_alert_banner_permissions"),
        ("resources", "0007_organisation_drafts"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(review_snippets, migrations.RunPython.noop)]
