import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "On a developer's machine, create an admin account if there is none, and say how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_local_admin is for local development only (DEBUG is off).")
        User = get_user_model()
        admin_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        if settings.ADMIN_TWO_FACTOR_REQUIRED:
            self.stdout.write("Two-step sign-in is on: the admin asks for a code from an authenticator app.")
        else:
            self.stdout.write(
                "Two-step sign-in is off on this development server (ADMIN_TWO_FACTOR=1 turns it on); "
                "in production the admin asks every user for a code from an authenticator app."
            )
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"Admin: {admin_url} (log in with the account created earlier; "
                f"forgotten the password? .venv/bin/python manage.py changepassword {username})"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created a local admin account. Log in at {admin_url}\n"
                f"  username: {username}\n  password: {password}\n"
                "This password is shown once; change it with "
                f".venv/bin/python manage.py changepassword {username}"
            )
        )
