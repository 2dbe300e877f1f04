"""Where uploads are kept, chosen by the environment when the settings load."""

from django.core.exceptions import ImproperlyConfigured
from django.utils.http import is_same_domain


def media_storage(env, allowed_hosts):
    """Where uploads are kept: MEDIA_ROOT, or an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set.

    The bucket stays private. Image URLs are on AWS_S3_CUSTOM_DOMAIN, which must be this site's own host and
    a path: `example.org/media`, where the site reads renditions from the bucket (coalition/ops/uploads.py), or a path
    that the CDN in front of the site sends to the bucket. Pages never point at another host (the CSP would
    block it). Documents are read from the bucket by Wagtail's view, which checks their privacy. Credentials
    come from the usual AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the machine's role.
    """
    bucket = env.get("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    custom_domain = env.get("AWS_S3_CUSTOM_DOMAIN", "").strip("/")
    host = custom_domain.split("/")[0]
    if not host or not any(pattern == "*" or is_same_domain(host, pattern) for pattern in allowed_hosts):
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME needs AWS_S3_CUSTOM_DOMAIN set to this site's own host (one of "
            "ALLOWED_HOSTS) and a path, e.g. example.org/media: pages must never show images from another host."
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": custom_domain,
            "default_acl": "private",
            # Two uploads with the same name must not replace each other.
            "file_overwrite": False,
        },
    }
