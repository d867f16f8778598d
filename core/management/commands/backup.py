"""Back up the database and the files (docs/operations.md, "Backup and restore"); the work is in core.backup."""

from django.core.management.base import BaseCommand, CommandError

from ...backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "备份：数据库（pg_dump 自定义格式）与 MEDIA_ROOT 下全部文件写入一个新目录，"
        "附清单 manifest.json（各表行数、各文件 SHA-256）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="备份目录（不存在或为空）")

    def handle(self, *args, **options):
        try:
            manifest = create_backup(options["directory"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        size = manifest["database"]["size"] + manifest["media"]["size"]
        self.stdout.write(
            f"已备份到 {options['directory']}：{len(manifest['tables'])} 张表 {rows} 行，"
            f"{len(manifest['files'])} 个文件，共 {size / 1024 / 1024:.1f} MB。"
        )
