from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...domain.divisions import import_underdeveloped


class Command(BaseCommand):
    help = "从 CSV（区划代码,欠发达）导入欠发达地区标记（第八条）；任何一行有错则全部不改。"

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            text = Path(options["file"]).read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取文件：{error}") from error
        report = import_underdeveloped(text)
        if report.errors:
            for line, message in report.errors:
                self.stderr.write(f"错误 第 {line} 行：{message}")
            raise CommandError("文件有错，未做任何修改。")
        self.stdout.write(f"已更新 {report.changed} 个区划，{report.unchanged} 个无需改动。")
