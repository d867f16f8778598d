"""gunicorn's settings, read from the working directory by every `gunicorn` the project starts (Makefile, Dockerfile,
docker-compose.yml). Issue 18, item 9: the `Server` header named the software and its version; it now names nothing
an attacker could look up."""

import gunicorn.http.wsgi

# gunicorn writes `Server: <this>` into every response (gunicorn.http.wsgi.Response.version) and has no setting for it.
gunicorn.http.wsgi.SERVER = "portal"
