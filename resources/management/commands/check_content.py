import json
import sys

from django.core.management.base import BaseCommand

from resources.content_checker import ContentChecker


def _count(number, singular, plural=None):
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


class Command(BaseCommand):
    help = (
        "Check every published page in every language, the site settings and the snippets for "
        "phone numbers that cannot be dialled (phone fields, numbers written in text, tel: and sms: links) "
        "and for links to pages or documents that are missing or unpublished, or to addresses on this site "
        "that do not exist. External links are counted, never visited. "
        "Prints one line per problem and exits with status 1 if there is any, so cron or CI can alert."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--drafts",
            action="store_true",
            help="Also check the latest draft of every page that has unpublished changes, and unpublished pages.",
        )
        parser.add_argument(
            "--external",
            action="store_true",
            help="List every external link (where it is and its address). They are not visited.",
        )
        parser.add_argument(
            "--format",
            dest="output_format",
            choices=["text", "json"],
            default="text",
            help="text (the default) for people, json for other programs.",
        )

    def handle(self, *args, drafts, external, output_format, verbosity, **options):
        checker = ContentChecker(drafts=drafts).run()
        if output_format == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "pages_checked": checker.pages_checked,
                        "settings_and_snippets_checked": checker.others_checked,
                        "problems": [problem.as_dict() for problem in checker.problems],
                        "external_links": [link.as_dict() for link in checker.external_links],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            for problem in checker.problems:
                self.stdout.write(str(problem))
            if external:
                self.stdout.write("External links (not visited):" if checker.external_links else "No external links.")
                for link in checker.external_links:
                    self.stdout.write(f"  {link}")
            if verbosity > 0 or checker.problems:
                self.stdout.write(self.summary(checker, external))
        if checker.problems:
            sys.exit(1)

    def summary(self, checker, external):
        found = _count(len(checker.problems), "problem") if checker.problems else "No problems"
        links = _count(len(checker.external_links), "external link")
        listed = "listed above" if external else "not listed (see them with --external)"
        line = (
            f"{found} in {_count(checker.pages_checked, 'page')} and "
            f"{_count(checker.others_checked, 'site setting or snippet', 'site settings and snippets')}; "
            f"{links} {listed}, none visited."
        )
        return self.style.ERROR(line) if checker.problems else self.style.SUCCESS(line)
