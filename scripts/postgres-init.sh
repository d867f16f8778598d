#!/bin/sh
# Run once by the postgres image when its data directory is new (docker-entrypoint-initdb.d; docker-compose.yml).
# The two roles of docs/operations.md, "Database roles": portal_owner owns the database and runs the migrations;
# portal_app runs the web, the workers and beat, owns nothing and is no superuser. The cluster's superuser
# (POSTGRES_USER) is for the database administrator only.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$PORTAL_OWNER_PASSWORD" -v app_password="$PORTAL_APP_PASSWORD" <<'SQL'
CREATE ROLE portal_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE portal_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE portal OWNER portal_owner;
\connect portal
ALTER SCHEMA public OWNER TO portal_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
