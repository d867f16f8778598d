# The portal's production image: gunicorn by default; the same image runs the
# Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# System packages (the same list as scripts/bootstrap.sh, plus Pango, which the
# slim image lacks and WeasyPrint loads at run time):
#   gettext              compile the zh-hans/en message catalogues
#   fonts-noto-cjk       CJK fonts (Song/Hei roles) embedded in the PDFs
#   fonts-arphic-ukai    Kai role of official documents
#   libharfbuzz-subset0  font subsetting; WeasyPrint is 10x slower without it
#   poppler-utils        pdffonts, to check the fonts embedded in a PDF
#   postgresql-client    pg_dump / pg_restore for `manage.py backup` and `restore`
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        gettext fonts-noto-cjk fonts-arphic-ukai libharfbuzz-subset0 poppler-utils postgresql-client \
        libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. pyproject.toml
# declares `packages = []`: `pip install .` installs the pinned dependencies only;
# the apps are top-level folders and run from /app.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .

# The key below exists only for these two build steps (production settings refuse
# to load without a 50+ character key); it is not stored in the image, and the
# container takes its real SECRET_KEY from the environment at run time.
ENV DJANGO_SETTINGS_MODULE=config.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media
RUN SECRET_KEY=build-only-Zq7vK2mXr9Lw4Tn8Hc3Jp6Ys1Fd5Gb0Vk-not-used-at-run-time \
        python manage.py compilemessages -v0 \
    && SECRET_KEY=build-only-Zq7vK2mXr9Lw4Tn8Hc3Jp6Ys1Fd5Gb0Vk-not-used-at-run-time \
        python manage.py collectstatic --noinput -v0

# Runs as an unprivileged user. The code stays root-owned and read-only to it;
# it writes only var/ (credentials sheets, beat schedule) and the media volume.
RUN useradd --system --uid 1000 --user-group --home-dir /app --no-create-home portal \
    && mkdir -p /app/var /data/media \
    && chown -R portal:portal /app/var /data/media
USER portal

EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "-b", "0.0.0.0:8000", "-w", "4"]
