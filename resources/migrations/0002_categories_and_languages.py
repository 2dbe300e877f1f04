from django.db import migrations

CATEGORIES = [
    "health-care",
    "counselling",
    "addiction-treatment",
    "harm-reduction",
    "housing",
    "legal-help",
    "jobs-education",
    "exit-programmes",
    "faith-based",
    "prevention",
    "youth",
    "reporting",
    "food-basics",
    "community",
]
LANGUAGES = ["en", "es"]


def create(apps, schema_editor):
    ServiceCategory = apps.get_model("resources", "ServiceCategory")
    Language = apps.get_model("resources", "Language")
    for slug in CATEGORIES:
        ServiceCategory.objects.get_or_create(slug=slug)
    for code in LANGUAGES:
        Language.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
