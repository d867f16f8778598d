"""Deploy checks of the database role (issue 18, item 3): ``manage.py check --deploy`` warns when the application
connects as a superuser or as the owner of the audit table (docs/operations.md, "Database roles")."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from .database_roles import current_role_problems


@register(Tags.security, deploy=True)
def database_role(app_configs, **kwargs):
    try:
        problems = current_role_problems()
    except DatabaseError:  # no database to ask (building an image): nothing to say
        return []
    return [Warning(problem, id="core.W001", hint="docs/operations.md, 数据库角色") for problem in problems]
