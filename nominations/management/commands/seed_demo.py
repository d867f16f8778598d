from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.domain.demo import DEMO_PASSWORD, ensure_demo_accounts
from accounts.models import User
from provinces.enums import Role
from provinces.models import Division

from ...domain.demo import ensure_demo_campaign


class Command(BaseCommand):
    help = "创建演示账号（每个角色一个，均位于真实机构）和本年度演示工作并打印；仅用于演示环境。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="在 DEBUG=False 的环境中也执行（不建议）")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("seed_demo 会创建使用公开密码的账号，只能在演示环境（DEBUG=True）中运行。")
        if not Division.objects.exists():
            raise CommandError("尚未载入行政区划，请先运行 manage.py load_divisions。")
        rows = ensure_demo_accounts()
        campaign = ensure_demo_campaign(User.objects.get(username="admin"))
        self.stdout.write("")
        self.stdout.write(f"演示工作：{campaign.title}（申报截止 {campaign.application_deadline:%Y-%m-%d %H:%M}）")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, role, bureau in rows:
            self.stdout.write(f"  {username:<16} {Role(role).label:<12} {bureau}")
        self.stdout.write("")
