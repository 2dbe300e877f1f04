"""Backups of the database and the uploaded files, and restoring them (`manage.py backup` and `restore`).

A backup is a directory holding three files:

    database.sqlite3 or database.pgdump   the database: a snapshot taken with SQLite's backup API, or
                                          pg_dump's custom format (one transaction, so consistent)
    media.tar.gz                          every file under MEDIA_ROOT, with paths relative to it
    manifest.json                         format version, when (UTC), the database vendor, the files'
                                          names, how many media files and bytes, each file's sha256

The manifest is written last, so a directory without one holds no complete backup. The media are
archived after the database is dumped: a file uploaded while the backup runs may be missing, but every
file that the dumped database refers to is in the archive, unless it was deleted in the meantime.

Restoring checks everything it can before changing anything (the manifest, the database vendor, every
checksum, every archive member), then replaces the database's contents, then MEDIA_ROOT's files, then
makes every cached page and cached row unreachable.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import closing
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient as PostgresClient

from coalition.caching.reset import clear_caches

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
BACKUP_FILES = {MANIFEST, MEDIA_ARCHIVE, *DATABASE_FILES.values()}
PARTIAL = ".partial"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


def database():
    """Django's default connection, once its vendor is known to be one a backup can hold."""
    connection = connections["default"]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection


def media_root():
    """MEDIA_ROOT as an absolute path, once uploads are known to be kept there."""
    if not isinstance(storages["default"], FileSystemStorage):
        raise BackupError(
            "Uploaded files are not kept in MEDIA_ROOT on this machine (STORAGES['default'] is not a "
            "FileSystemStorage); back them up with that storage's own tools."
        )
    return Path(settings.MEDIA_ROOT).resolve()


def sha256(path):
    """The file's SHA-256 as hex, read a megabyte at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def private_file(path):
    """Create `path` empty, readable by its owner only: a backup holds password hashes and sessions."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))


def postgres_command(program, settings_dict, arguments):
    """Run pg_dump or pg_restore on the configured database; the password goes in the environment only."""
    # Django's dbshell turns PASSWORD and OPTIONS (sslmode, service, passfile...) into libpq variables.
    _args, libpq_env = PostgresClient.settings_to_cmd_args_env(settings_dict, [])
    command = [program, "--no-password"]
    if settings_dict.get("HOST"):
        command += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        command += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        command += ["--username", settings_dict["USER"]]
    command += [*arguments, "--dbname", settings_dict["NAME"]]
    try:
        result = subprocess.run(
            command, env={**os.environ, **(libpq_env or {})}, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{program} was not found: install the PostgreSQL client tools (Debian: postgresql-client), "
            "of the server's major version or newer."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{program} failed (exit status {result.returncode}):\n{result.stderr.strip()}")


def copy_sqlite(source, target):
    """Copy the SQLite database `source` into `target` with SQLite's backup API: one consistent snapshot."""
    # Read-only, so that a mistyped path fails instead of copying a new, empty database.
    uri = f"file:{quote(str(Path(source).resolve()))}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as reader, closing(sqlite3.connect(target)) as writer:
        reader.backup(writer)


def dump_database(connection, target):
    """Write a consistent copy of the database to `target`."""
    if connection.vendor == "sqlite":
        source = connection.settings_dict["NAME"]
        try:
            copy_sqlite(source, target)
        except sqlite3.Error as error:
            raise BackupError(f"Cannot back up the SQLite database {source}: {error}") from error
    else:
        postgres_command("pg_dump", connection.settings_dict, ["--format=custom", "--file", str(target)])


def media_files(root):
    """(path, path relative to `root`) of every regular file under `root`, in a stable order."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file():
                found.append((path, path.relative_to(root).as_posix()))
    return found


def archive_media(root, target):
    """Write every file under `root` into the tar.gz `target`; returns (files, bytes)."""
    count = size = 0
    with tarfile.open(target, "w:gz", dereference=True) as archive:
        for path, name in media_files(root):
            archive.add(path, arcname=name, recursive=False)
            count += 1
            size += path.stat().st_size
    return count, size


def create_backup(directory, force=False):
    """Back up the database, then the media, into `directory`; returns the manifest written last."""
    connection = database()
    root = media_root()
    directory = Path(directory).resolve()
    if directory.is_relative_to(root):
        raise BackupError(
            f"{directory} is inside MEDIA_ROOT ({root}): the backup would be served to anyone as an upload, "
            "and a restore would delete it. Choose a directory elsewhere."
        )
    existing = sorted(name for name in BACKUP_FILES if (directory / name).exists())
    if existing and not force:
        raise BackupError(
            f"{directory} already holds a backup ({', '.join(existing)}). "
            "Choose another directory, or add --force to replace it."
        )
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    # The old backup goes first, so that the directory never holds files of two backups.
    for name in existing:
        (directory / name).unlink()

    database_file = DATABASE_FILES[connection.vendor]
    written = [database_file, MEDIA_ARCHIVE]
    # When the database snapshot is taken, give or take the time pg_dump needs to start.
    created_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    try:
        for name in written:
            private_file(directory / (name + PARTIAL))
        dump_database(connection, directory / (database_file + PARTIAL))
        count, size = archive_media(root, directory / (MEDIA_ARCHIVE + PARTIAL))
        for name in written:
            (directory / (name + PARTIAL)).rename(directory / name)
    finally:
        for name in written:
            (directory / (name + PARTIAL)).unlink(missing_ok=True)

    manifest = {
        "format": FORMAT,
        "created_at": created_at,
        "vendor": connection.vendor,
        "database_file": database_file,
        "media_file": MEDIA_ARCHIVE,
        "media_files": count,
        "media_bytes": size,
        "sha256": {name: sha256(directory / name) for name in written},
    }
    partial = directory / (MANIFEST + PARTIAL)
    partial.write_text(json.dumps(manifest, indent=2) + "\n")
    partial.rename(directory / MANIFEST)
    return manifest


def archive_members(path):
    """The archive's members, once each is known to be a plain file or folder that stays inside MEDIA_ROOT."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = archive.getmembers()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is not a readable tar.gz archive: {error}") from error
    for member in members:
        name = PurePosixPath(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(
                f"{path} holds {member.name!r}, which is not a plain file or folder inside MEDIA_ROOT: "
                "refusing to extract it. Nothing was restored."
            )
    return members


def check_backup(directory):
    """The manifest of the backup in `directory`, once everything in it is known to be restorable here.

    Raises BackupError, having changed nothing, when the manifest is missing or unreadable, the backup is
    of another kind of database, a file does not match its checksum, or the archive holds anything but
    plain files and folders inside MEDIA_ROOT.
    """
    directory = Path(directory).resolve()
    connection = database()
    root = media_root()
    if directory.is_relative_to(root):
        raise BackupError(f"{directory} is inside MEDIA_ROOT ({root}), which a restore empties.")
    if Path(settings.BASE_DIR).resolve().is_relative_to(root):
        raise BackupError(
            f"MEDIA_ROOT ({root}) holds the site's code, and a restore empties MEDIA_ROOT: fix MEDIA_ROOT."
        )
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{directory} holds no {MANIFEST}: it is not a backup, or not a complete one.") from error
    except (OSError, ValueError) as error:
        raise BackupError(f"{directory / MANIFEST} cannot be read: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{directory / MANIFEST} is not a backup manifest of format {FORMAT}.")
    vendor = manifest.get("vendor")
    if vendor != connection.vendor:
        raise BackupError(
            f"This is a backup of a {VENDOR_NAMES.get(vendor, vendor)} database, but this site uses "
            f"{VENDOR_NAMES[connection.vendor]} (DATABASE_URL). Restore it on a site with the same kind of database."
        )
    expected = {"database_file": DATABASE_FILES[vendor], "media_file": MEDIA_ARCHIVE}
    checksums = manifest.get("sha256")
    if any(manifest.get(key) != name for key, name in expected.items()) or not isinstance(checksums, dict):
        raise BackupError(f"{directory / MANIFEST} does not list this backup's files.")
    for name in expected.values():
        path = directory / name
        if not path.is_file():
            raise BackupError(f"{path} is missing. Nothing was restored.")
        if sha256(path) != checksums.get(name):
            raise BackupError(
                f"{path} does not match its checksum in {MANIFEST}: the backup is damaged or was changed. "
                "Nothing was restored."
            )
    archive_members(directory / MEDIA_ARCHIVE)
    return manifest


def restore_database(connection, source):
    """Replace the database's contents with the dump at `source`."""
    connection.close()
    if connection.vendor == "sqlite":
        target = connection.settings_dict["NAME"]
        try:
            copy_sqlite(source, target)
        except sqlite3.Error as error:
            # The copy is one transaction in the target: it is as it was.
            raise BackupError(f"Cannot restore into the SQLite database {target}: {error}") from error
    else:
        # One transaction: a restore that fails half-way leaves the database as it was.
        try:
            postgres_command(
                "pg_restore",
                connection.settings_dict,
                ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(source)],
            )
        except BackupError as error:
            raise BackupError(f"{error}\nThe database and the media were left as they were.") from error


def restore_media(root, archive_path):
    """Delete every file under MEDIA_ROOT (the folder itself stays: it may be a mount point), then extract."""
    root.mkdir(parents=True, exist_ok=True)
    members = archive_members(archive_path)
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    with tarfile.open(archive_path, "r:gz") as archive:
        # The "data" filter refuses what archive_members already refused, and drops owners and odd modes.
        archive.extractall(root, members=members, filter="data")


def restore_backup(directory, manifest):
    """Replace the database and MEDIA_ROOT with the backup in `directory`, checked by check_backup()."""
    directory = Path(directory).resolve()
    restore_database(database(), directory / manifest["database_file"])
    restore_media(media_root(), directory / manifest["media_file"])
    clear_caches()
