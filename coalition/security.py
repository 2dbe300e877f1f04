"""Security headers beyond Django's own: the Content-Security-Policy (django-csp), strict for readers and
relaxed where Wagtail's admin needs it."""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware

from django.conf import settings

# Paths served with settings.ADMIN_CONTENT_SECURITY_POLICY: Wagtail's admin (page previews included),
# whose scripts and styles are not all written for a strict policy.
ADMIN_PREFIXES = ("/admin/",)


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, with the admin's policy for the admin's paths."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIXES):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
