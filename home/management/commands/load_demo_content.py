from django.core.management.base import BaseCommand

from home.demo import load_demo_content


class Command(BaseCommand):
    help = "Create or update the Wentzville demo site in English and Spanish. Safe to run again."

    def handle(self, *args, **options):
        report = load_demo_content()
        for path in report.created:
            self.stdout.write(f"created {path}")
        for path in report.updated:
            self.stdout.write(f"updated {path}")
        for path in report.translated:
            self.stdout.write(f"translated {path}")
        for path, context, text in report.untranslated:
            self.stderr.write(self.style.WARNING(f"no Spanish for {path} [{context}]: {text[:60]}"))
        if not report.changed:
            self.stdout.write("Demo content already up to date.")
