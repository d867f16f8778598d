"""Restore a backup made by ``manage.py backup`` (docs/operations.md, "Backup and restore"); the work is in
core.backup."""

from django.core.management.base import BaseCommand, CommandError

from ...backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "恢复 manage.py backup 的备份：先按清单核对备份文件，再恢复数据库与 MEDIA_ROOT 文件，"
        "最后核对每个文件的 SHA-256 与每张表的行数。请先停止 web、worker 和 beat。"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="备份目录")
        parser.add_argument("--clean", action="store_true", help="覆盖已有数据的数据库（默认只恢复到空数据库）")

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["directory"], clean=options["clean"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"已恢复 {manifest['created_at']} 的备份并核对一致：{len(manifest['tables'])} 张表 {rows} 行，"
            f"{len(manifest['files'])} 个文件。若代码比备份新，请再运行 manage.py migrate。"
        )
