"""Pages behind a password or a sign-in, as readers meet them: in the site's design and language, with the
quick exit, and no cookie until the reader chooses to give a password or sign in.

Wagtail answers a restricted page itself (its `check_view_restrictions` hook): a password page renders the
form in `WAGTAIL_PASSWORD_REQUIRED_TEMPLATE`, and a page for signed-in members redirects to
`wagtailcore_login`. These are the two addresses that form and that redirect lead to, in place of Wagtail's
own (`wagtail.urls`), which would otherwise show a bare English page or never be reached (the site's page
route answers first).

The password form carries no CSRF token, because Django's token is a cookie set for a year on a reader who
may only be looking. A form posted from another site is refused instead by the browser's own word for where
it came from (`Origin`, else `Referer`): all a forged post could do is let its sender's own browser in with
a password the sender already knows.
"""

from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Locale, Page, PageViewRestriction

from resources.models import HotlinePage


class PagePasswordForm(PasswordViewRestrictionForm):
    """Wagtail's form, with words a reader understands in both languages (Wagtail's Spanish drops a word)."""

    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not constant_time_compare(password, self.restriction.password):
            raise forms.ValidationError(_("That password is not right. Check it and try again."))
        return password


def posted_from_this_site(request):
    """Whether the browser says the form was sent from a page of this site (scheme and host)."""
    sender = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not sender or sender == "null":
        return False
    parts = urlsplit(sender)
    return parts.scheme == request.scheme and parts.netloc == request.get_host()


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def authenticate_with_password(request, page_view_restriction_id, page_id):
    """`wagtailcore_authenticate_with_password`: the right password opens the page (the restriction is
    marked as passed in the reader's session, the first cookie they get); a wrong one says so."""
    restriction = get_object_or_404(
        PageViewRestriction, id=page_view_restriction_id, restriction_type=PageViewRestriction.PASSWORD
    )
    page = get_object_or_404(Page, id=page_id).specific
    if request.method == "POST":
        if not posted_from_this_site(request):
            raise PermissionDenied
        form = PagePasswordForm(request.POST, instance=restriction)
        if form.is_valid():
            return_url = form.cleaned_data["return_url"]
            if not url_has_allowed_host_and_scheme(return_url, {request.get_host()}, request.is_secure()):
                return_url = page.url or "/"
            restriction.mark_as_passed(request)
            return redirect(return_url)
    else:
        form = PagePasswordForm(instance=restriction, initial={"return_url": page.url})
    response = page.serve_password_required_response(request, form, request.path)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def members_only(request):
    """`wagtailcore_login`: where a page for signed-in members sends a reader. It says what the page is and
    how to sign in (the admin's sign-in page, then back), and lists the help lines, with no form and no
    cookie."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    hotlines = HotlinePage.objects.featured().filter(locale=Locale.get_active()).defer_streamfields()
    sign_in_url = reverse("wagtailadmin_login") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    context = {"sign_in_url": sign_in_url, "hotlines": hotlines}
    return render(request, "home/members_only.html", context)
