import uuid

from django.db import migrations, models


def give_each_organisation_an_id(apps, schema_editor):
    Organisation = apps.get_model("resources", "Organisation")
    for organisation in Organisation.objects.filter(uuid__isnull=True):
        organisation.uuid = uuid.uuid4()
        organisation.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [("resources", "0002_categories_and_languages")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_organisation_an_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
