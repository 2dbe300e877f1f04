# The site in one image: gunicorn serving Django (coalition/gunicorn.py), static files by whitenoise.
# Media go on a volume, or on S3-compatible storage (see docs/deploying.md). Not built in CI: the
# machine has no Docker Hub access; `docker build .` then `docker compose up` is the check.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=coalition.settings.production \
    GUNICORN_BIND=0.0.0.0:8000

WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir --disable-pip-version-check -r requirements.txt

COPY . .
# Interface translations and hashed, compressed static files are built into the image (the secret key
# is only for this step), and the site runs as a user that can write nothing but media.
RUN python -c "import pathlib, polib; [polib.pofile(str(p)).save_as_mofile(str(p.with_suffix('.mo'))) for p in pathlib.Path('locale').glob('*/LC_MESSAGES/*.po')]" \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input --verbosity 0 \
    && useradd --system --no-create-home coalition \
    && mkdir -p media \
    && chown coalition media

USER coalition
EXPOSE 8000
CMD ["gunicorn", "--config", "python:coalition.gunicorn", "coalition.wsgi"]
