import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from resources.hsds import importing


class Command(BaseCommand):
    help = (
        "Bring services in from another directory's Open Referral HSDS 3.0 data: a JSON file (a list of services, "
        "a page of them as /hsds/services?full=true gives, or one service), a folder of JSON files, a tabular data "
        "package (datapackage.json with its CSV files) or a .zip of any of these. New services become draft pages "
        "and changed ones new draft revisions, all submitted to the moderators; nothing goes live and nothing is "
        "deleted. Prints what was (or, with --dry-run, would be) created, changed and left alone, and every "
        "problem by record and field; exits with status 1 when the source cannot be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The file or folder to read.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done; save nothing.")
        parser.add_argument(
            "--directory",
            default=importing.DEFAULT_SOURCE,
            help='Whose data it is, e.g. "United Way 211"; give the same name every time you import from them, '
            "so that services they stop listing are reported (default: %(default)s).",
        )
        parser.add_argument("--user", help="The username the drafts and submissions are made by (a moderator).")
        parser.add_argument(
            "--format", dest="output_format", choices=["text", "json"], default="text", help="text or json."
        )

    def handle(self, source, dry_run, directory, user, output_format, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"There is no user “{user}”.")
        report = importing.run(source, directory, account, dry_run=dry_run)
        if output_format == "json":
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(report.lines()))
        if not report.valid:
            raise CommandError("The source cannot be imported: see above.")
