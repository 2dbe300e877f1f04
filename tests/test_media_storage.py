"""Uploads in an S3-compatible bucket (django-storages), chosen by environment (coalition/settings/base.py)."""

import io

import boto3
import pytest
from moto import mock_aws
from PIL import Image as PILImage

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from coalition.ops.storage import media_storage
from tests.utils import log_in, pdf, png

BUCKET = "coalition-media"
S3_ENV = {
    "AWS_STORAGE_BUCKET_NAME": BUCKET,
    "AWS_S3_ENDPOINT_URL": "https://s3.example-provider.test",
    "AWS_S3_REGION_NAME": "nyc3",
    "AWS_S3_CUSTOM_DOMAIN": "example.org/media/",
}


def test_without_a_bucket_uploads_stay_in_media_root():
    """No AWS_STORAGE_BUCKET_NAME: Django's file system storage, under MEDIA_ROOT."""
    assert media_storage({}, ["example.org"]) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_is_used_privately_with_image_addresses_on_this_site():
    """With a bucket: django-storages' S3 backend at the provider's endpoint and region, objects private,
    same-named uploads kept apart, addresses on the site's own host; credentials are left to boto3."""
    storage = media_storage(S3_ENV, ["example.org"])
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": "https://s3.example-provider.test",
            "region_name": "nyc3",
            "custom_domain": "example.org/media",
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
    minimal = media_storage(
        {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_CUSTOM_DOMAIN": "cdn.example.org"}, [".example.org"]
    )
    assert minimal["OPTIONS"]["endpoint_url"] is None and minimal["OPTIONS"]["region_name"] is None


@pytest.mark.parametrize(
    "custom_domain", [None, "", "coalition-media.s3.amazonaws.com", "example.org.evil.test/media"]
)
def test_a_bucket_without_this_site_s_own_address_for_images_refuses_to_start(custom_domain):
    """Image addresses on the bucket's host or anyone else's would let pages reach another host: refused."""
    env = {"AWS_STORAGE_BUCKET_NAME": BUCKET}
    if custom_domain is not None:
        env["AWS_S3_CUSTOM_DOMAIN"] = custom_domain
    with pytest.raises(ImproperlyConfigured, match="AWS_S3_CUSTOM_DOMAIN"):
        media_storage(env, ["example.org", "localhost"])


@pytest.fixture
def bucket(settings, monkeypatch):
    """An in-process S3 (moto) with the site's bucket, and the settings the environment above gives."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        env = {key: value for key, value in S3_ENV.items() if key not in ("AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME")}
        settings.ALLOWED_HOSTS = ["example.org"]
        settings.STORAGES = {**settings.STORAGES, "default": media_storage(env, settings.ALLOWED_HOSTS)}
        yield s3


def keys(s3):
    return {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


@pytest.mark.django_db
def test_uploads_land_privately_in_the_bucket_and_reach_readers_only_through_the_site(client, bucket):
    """An image and a document uploaded in the admin are kept in the bucket, readable by nobody without the
    credentials. The document downloads through /documents/ with the safe headers; a resized image's address
    is on the site's own host, where the site serves it from the bucket."""
    log_in(client, get_user_model().objects.create_superuser("s3-editor", "s3@example.org", "s" * 20))
    root = Collection.get_first_root_node().pk
    for kind, name, content in (("images", "flyer.png", png()), ("docs", "leaflet.pdf", pdf())):
        response = client.post(
            reverse(f"wagtail{kind}:add_multiple"),
            {"files[]": SimpleUploadedFile(name, content), "collection": root},
            HTTP_HOST="example.org",
        )
        assert response.json()["success"] is True
    image = Image.objects.get(title="flyer.png")
    document = Document.objects.get(title="leaflet.pdf")
    assert {image.file.name, document.file.name} <= keys(bucket)
    assert image.file.name.startswith("original_images/") and document.file.name.startswith("documents/")
    for key in (image.file.name, document.file.name):
        grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]  # the owner alone

    client.logout()
    response = client.get(document.url, HTTP_HOST="example.org")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf()

    rendition = image.get_rendition("fill-20x20")
    assert rendition.file.name in keys(bucket)
    assert rendition.url == f"https://example.org/media/{rendition.file.name}"
    response = client.get(rendition.url.removeprefix("https://example.org"), HTTP_HOST="example.org")
    assert response.status_code == 200
    assert PILImage.open(io.BytesIO(b"".join(response.streaming_content))).size == (20, 20)
    assert client.get(f"/media/{image.file.name}", HTTP_HOST="example.org").status_code == 404
