from django.core.management.base import BaseCommand, CommandError

from coalition.ops.backup import VENDOR_NAMES, BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files (MEDIA_ROOT) into DIR: database.sqlite3 or "
        "database.pgdump, media.tar.gz and manifest.json (see docs/backups.md). The site can keep running. "
        "The files are archived after the database: a file uploaded while the backup runs may be missing, "
        "but every file that the backed-up database refers to is there, unless it was deleted meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Where to write the backup; created if needed.")
        parser.add_argument("--force", action="store_true", help="Replace a backup already in DIR.")

    def handle(self, *args, directory, force, verbosity, **options):
        try:
            manifest = create_backup(directory, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Backed up the {VENDOR_NAMES[manifest['vendor']]} database and {manifest['media_files']} "
                    f"media files ({manifest['media_bytes']:,} bytes) into {directory}."
                )
            )
