"""Give the application's database role its privileges (docs/operations.md, "Database roles"); run as the owner of
the tables after ``migrate``. The work is in core.database_roles."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ...database_roles import grant_app_role


class Command(BaseCommand):
    help = (
        "以数据表所有者身份运行：授予应用数据库角色读写各表的权限，审计记录表只可读取和追加；"
        "拒绝超级用户或拥有审计记录表的角色。"
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="应用使用的数据库角色，例如 portal_app")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("只适用于 PostgreSQL（内置的 SQLite 演示环境没有数据库角色）。")
        try:
            grant_app_role(options["role"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已授予“{options['role']}”应用所需的权限；审计记录表只可读取和追加。")
