import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from provinces.enums import BureauLevel, Role

from ...domain.provisioning import ProvisioningError, bureau_rows, provision, read_rows, write_credentials


class Command(BaseCommand):
    help = (
        "批量创建账号：从 CSV/XLSX（用户名,角色,区划代码,姓名,电子邮箱）或为某一层级的每个机构各建一个账号；"
        "已存在的用户名跳过，有错的行逐行报告且不创建，激活码写入凭据文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV 或 XLSX 文件")
        parser.add_argument(
            "--all-bureaus", metavar="ROLE", choices=[r.value for r in Role], help="为每个机构建一个该角色的账号"
        )
        parser.add_argument(
            "--level",
            action="append",
            choices=[BureauLevel.PROVINCE, BureauLevel.PREFECTURE, BureauLevel.COUNTY],
            help="与 --all-bureaus 合用：只建这一层级（可重复）",
        )
        parser.add_argument(
            "--credentials", help="凭据文件路径（.csv 或 .xlsx），默认 var/credentials/credentials-时间.csv"
        )
        parser.add_argument(
            "--activation-url", default="http://localhost:8000/accounts/activate/", help="写进凭据文件的激活地址"
        )

    def handle(self, *args, **options):
        if bool(options["file"]) == bool(options["all_bureaus"]):
            raise CommandError("请给出一个文件，或使用 --all-bureaus ROLE（二者选一）。")
        started = time.monotonic()
        if options["file"]:
            try:
                rows = read_rows(options["file"])
            except (OSError, ProvisioningError) as error:
                raise CommandError(str(error)) from error
        else:
            rows = bureau_rows(options["all_bureaus"], options["level"])
        result = provision(rows)

        for line, username in result.skipped:
            self.stdout.write(
                f"跳过 第 {line} 行：用户名“{username}”已存在" if line else f"跳过：用户名“{username}”已存在"
            )
        for line, message in result.errors:
            self.stderr.write(f"错误 第 {line} 行：{message}")
        if result.created:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = options["credentials"] or f"var/credentials/credentials-{stamp}.csv"
            written = write_credentials(path, result.created, options["activation_url"])
            self.stdout.write(f"凭据文件（含一次性激活码，仅本人可读）：{written}")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"共 {len(rows)} 行：创建 {len(result.created)}，跳过 {len(result.skipped)}，"
            f"出错 {len({line for line, _ in result.errors})}；用时 {elapsed:.1f} 秒。"
        )
        if result.errors:
            raise CommandError("有行出错，这些行未创建；改正后重新运行即可（已创建的会被跳过）。")
