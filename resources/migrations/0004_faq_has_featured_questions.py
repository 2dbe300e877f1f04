from django.db import migrations, models


def mark_featured(apps, schema_editor):
    """Set the new flag from each questions page's body, as FaqPage.save does from now on."""
    FaqPage = apps.get_model("resources", "FaqPage")
    for page in FaqPage.objects.only("pk", "body"):
        featured = any(
            block["type"] == "question" and block["value"].get("featured") for block in page.body.raw_data
        )
        if featured:
            FaqPage.objects.filter(pk=page.pk).update(has_featured_questions=True)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0003_organisation_uuid"),
    ]

    operations = [
        migrations.AddField(
            model_name="faqpage",
            name="has_featured_questions",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Set on saving: whether any question on this page is ticked for the home page.",
                verbose_name="has featured questions",
            ),
        ),
        migrations.RunPython(mark_featured, migrations.RunPython.noop),
    ]
