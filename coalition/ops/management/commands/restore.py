from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coalition.ops.backup import VENDOR_NAMES, BackupError, check_backup, media_root, restore_backup


class Command(BaseCommand):
    help = (
        "Replace everything in the database and every file in MEDIA_ROOT with the backup in DIR, made by "
        "`manage.py backup`. The backup is checked first (its manifest, the kind of database, every "
        "checksum); if anything is wrong, nothing is changed. Restart the web server afterwards "
        "(see docs/backups.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="A directory written by `manage.py backup`.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, directory, interactive, verbosity, **options):
        try:
            manifest = check_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if interactive:
            database = connection.settings_dict["NAME"]
            answer = input(
                f"This replaces everything in the {VENDOR_NAMES[manifest['vendor']]} database {database} and "
                f"every file in {media_root()} with the backup made at {manifest['created_at']}.\n"
                "Type 'yes' to continue, or 'no' to cancel: "
            )
            if answer != "yes":
                self.stdout.write("Restore cancelled.")
                return
        try:
            restore_backup(directory, manifest)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored the database and {manifest['media_files']} media files from the backup made at "
                    f"{manifest['created_at']}. Restart the web server, so that no worker keeps anything from before."
                )
            )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stderr.write(
                self.style.WARNING(
                    "The restored database is older than this code: run `manage.py migrate` before serving it."
                )
            )
