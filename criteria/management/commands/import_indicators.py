from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from ...domain.indicators import apply


class Command(BaseCommand):
    help = (
        "导入总局指标数据（.xlsx 或 .csv，列：区划代码、指标、数值、来源、年度；第四条）。"
        "任何一行有错则全部不导入；--dry-run 只检查并列出将新增和更新的数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查并列出计划，不保存。")
        parser.add_argument(
            "--user", help="以该账号（总局工作人员）的名义导入并记入审计；不填则记为服务器管理员在命令行导入。"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件：{error}") from error
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"没有用户名为“{options['user']}”的账号。")
        try:
            report = apply(user, data, path.name, dry_run=options["dry_run"])
        except PermissionDenied as error:
            raise CommandError(f"“{user}”不是总局工作人员，不能导入指标数据。") from error

        if report.errors:
            for error in report.errors:
                where = f"第 {error.line} 行" if error.line else "文件"
                self.stderr.write(f"错误 {where}：{error.message}")
            raise CommandError(f"文件有 {len(report.errors)} 处错误，未导入任何数据。")

        plan = report.plan
        for planned in plan.changes:
            row = planned.row
            self.stdout.write(
                f"更新 第 {row.line} 行：{row.division.name}（{row.division.code}）{row.criterion_number} "
                f"{row.year}年 {planned.before.normalize():f} → {row.value.normalize():f}"
            )
        if options["verbosity"] > 1:
            for planned in plan.creates:
                row = planned.row
                self.stdout.write(
                    f"新增 第 {row.line} 行：{row.division.name}（{row.division.code}）{row.criterion_number} "
                    f"{row.year}年 {row.value.normalize():f}"
                )
        counts = f"新增 {plan.created} 条，更新 {plan.changed} 条，{plan.unchanged} 条未变"
        if report.dry_run:
            self.stdout.write(f"试运行：将{counts}；未保存。")
        else:
            self.stdout.write(self.style.SUCCESS(f"已导入（批次 {report.batch.pk}）：{counts}。"))
