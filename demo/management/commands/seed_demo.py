import logging
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import F
from django.utils import timezone

from nominations.enums import NominationState
from provinces.enums import Role
from provinces.models import Division

from ...accounts import DEMO_PASSWORD, PROVINCE_PREFIXES, ensure_demo_accounts
from ...seed import (
    DEFAULT_PER_PROVINCE,
    LOOK_FIRST,
    MAX_PER_PROVINCE,
    STAGE_LABELS,
    STAGES,
    DemoRefused,
    build,
    built,
    current_campaign,
    state_counts,
)


class Command(BaseCommand):
    help = (
        "建立演示数据：账号（每个角色至少一个，均位于真实机构）和本年度推荐认定工作，推进到 --stage 指定的阶段"
        "（applying 申报中、province 省级推荐、national 总局评估、publicity 公示、final 最终名单与激励）；"
        "仅用于演示环境。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stage",
            choices=STAGES,
            help="推进到哪个阶段；不填时，尚无演示数据则建立 applying，已有则保持原阶段",
        )
        parser.add_argument(
            "--per-province",
            type=int,
            default=DEFAULT_PER_PROVINCE,
            help=f"每省每类生成的申报数（1–{MAX_PER_PROVINCE}，默认 {DEFAULT_PER_PROVINCE}；只在第一次建立时生效）",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:  # never under config.settings.production, whatever the flags (issue 18)
            raise CommandError(
                "seed_demo 会创建使用公开密码的账号，只能在内置演示环境（config.settings.dev）中运行；"
                "正式环境（config.settings.production）一律拒绝。"
            )
        if not Division.objects.exists():
            raise CommandError("尚未载入行政区划，请先运行 manage.py load_divisions。")
        started = time.monotonic()
        done = built(current_campaign())
        stage = options["stage"] or (done["stage"] if done else STAGES[0])
        self.stdout.write("")
        self.stdout.write(f"演示阶段：{STAGE_LABELS[stage]}（{stage}）")
        rows = ensure_demo_accounts()
        # Each of the thousands of e-mail tasks, run eagerly in the embedded default, would log a line.
        tasks_log = logging.getLogger("celery.app.trace")
        level = tasks_log.level
        tasks_log.setLevel(logging.WARNING)
        try:
            campaign, timings = build(stage, per_province=options["per_province"], say=self.stdout.write)
        except DemoRefused as error:
            if options["stage"]:
                raise CommandError(str(error)) from error
            # Plain `make demo` still serves the portal on a database with data of its own.
            self.stderr.write(f"未建立演示数据：{error}")
            campaign, timings, stage = current_campaign(), [], None
        except ValidationError as error:
            hint = "公示期满后再运行，或在新数据库上直接建立该阶段。" if stage == "final" else ""
            raise CommandError(
                f"未能建立到“{STAGE_LABELS[stage]}”阶段（已建立的阶段保留）：{'；'.join(error.messages)}{hint}"
            ) from error
        finally:
            tasks_log.setLevel(level)
        if timings:
            self.stdout.write(f"  共用时 {time.monotonic() - started:.1f} 秒。")
        elif stage:
            self.stdout.write("  已是该阶段，未做改动。")
        self._campaign(campaign)
        self._accounts(rows, stage, campaign)
        counts = "，".join(f"{NominationState(state).label} {n}" for state, n in state_counts(campaign))
        self.stdout.write(f"申报（共 {campaign.nominations.count()} 份）：{counts}")
        self.stdout.write("")

    def _campaign(self, campaign):
        def local(value):
            return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"

        self.stdout.write(
            f"演示工作：{campaign.title}（申报截止 {local(campaign.application_deadline)}，"
            f"省级推荐截止 {local(campaign.province_deadline)}，总局评估截止 {local(campaign.national_deadline)}）"
        )

    def _accounts(self, rows, stage, campaign):
        hints = LOOK_FIRST.get(stage, {})
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}；右列为先看的页面）：")
        for username, role, bureau in rows:
            hint = hints.get(username, "")
            self.stdout.write(f"  {username:<16} {Role(role).label:<12} {bureau:<16} {hint}".rstrip())
        provinces = dict(Division.objects.filter(code__in=PROVINCE_PREFIXES).values_list("code", "name"))
        listed = [f"{PROVINCE_PREFIXES[code]} {provinces[code]}" for code in sorted(provinces)]
        self.stdout.write("  各省（区、市）另有审核账号 <简称>_reviewer 和审批账号 <简称>_approver：")
        for start in range(0, len(listed), 8):
            self.stdout.write("    " + "、".join(listed[start : start + 8]))
        example = (
            campaign.nominations.filter(created_by__username=F("division__code")).select_related("division").first()
        )
        if example is not None:
            self.stdout.write(
                f"  其他申报地方的申报账号：用户名即区划代码（如 {example.division.code} {example.division.name}）。"
            )
