"""SAMR's evaluation moves to its own app, ``national`` (issue 16): findings, expert and department assignments,
information requests, the national lists and their entries.

Their rows stay where they are: the models change app in Django's state only (``SeparateDatabaseAndState``), their
content types follow them (so the audit events about them and their permissions still point to them), then their
tables and indexes take this app's name.
"""

import django.core.validators
import django.db.models.deletion
import django_fsm
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import relabel_content_types

MODELS = {
    "nominations": ("samrfinding", "expertassignment", "informationrequest", "nationallist", "nationallistentry",),
}


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0013_move_audit_and_notifications_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        relabel_content_types("national", MODELS),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='NationalList',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('category', models.CharField(choices=[('business_reform', '深化商事制度改革和加强事中事后监管'), ('quality', '推进质量工作')], max_length=32, verbose_name='类别')),
                        ('state', django_fsm.FSMField(choices=[('draft', '草拟中'), ('approved', '已批准'), ('in_publicity', '公示中'), ('finalised', '已发布'), ('reported', '已上报')], default='draft', max_length=50, verbose_name='状态')),
                        ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='批准时间')),
                        ('finalised_at', models.DateTimeField(blank=True, null=True, verbose_name='发布时间')),
                        ('report_number', models.CharField(blank=True, max_length=64, verbose_name='上报文号')),
                        ('report_date', models.DateField(blank=True, null=True, verbose_name='上报日期')),
                        ('reported_at', models.DateTimeField(blank=True, null=True, verbose_name='上报登记时间')),
                        ('bonus_east', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('20'))], verbose_name='东部地区加分')),
                        ('bonus_central', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('20'))], verbose_name='中部地区加分')),
                        ('bonus_west', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('20'))], verbose_name='西部地区加分')),
                        ('bonus_northeast', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('20'))], verbose_name='东北地区加分')),
                        ('bonus_county', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('20'))], verbose_name='县级地方加分')),
                        ('bonus_underdeveloped', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=4, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('20'))], verbose_name='欠发达地区加分')),
                        ('min_county', models.PositiveIntegerField(default=0, verbose_name='县级地方至少')),
                        ('min_east', models.PositiveIntegerField(default=0, verbose_name='东部地区至少')),
                        ('min_central', models.PositiveIntegerField(default=0, verbose_name='中部地区至少')),
                        ('min_west', models.PositiveIntegerField(default=0, verbose_name='西部地区至少')),
                        ('min_northeast', models.PositiveIntegerField(default=0, verbose_name='东北地区至少')),
                        ('min_underdeveloped', models.PositiveIntegerField(default=0, verbose_name='欠发达地区至少')),
                        ('max_per_province', models.PositiveIntegerField(blank=True, null=True, verbose_name='每省至多')),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='national_lists', to='nominations.campaign', verbose_name='年度工作')),
                        ('finalised_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('reported_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'nominations_nationallist',
                        'verbose_name': '全国建议名单',
                        'verbose_name_plural': '全国建议名单',
                    },
                ),
                migrations.CreateModel(
                    name='NationalListEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveIntegerField(verbose_name='序号')),
                        ('added_at', models.DateTimeField(auto_now_add=True)),
                        ('added_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('national_list', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='national.nationallist')),
                        ('nomination', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='national_entry', to='nominations.nomination')),
                    ],
                    options={
                        'db_table': 'nominations_nationallistentry',
                        'verbose_name': '名单条目',
                        'verbose_name_plural': '名单条目',
                        'ordering': ['national_list', 'position', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SamrFinding',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('inspection', '检查结果'), ('assessment', '考核评议结果'), ('indicator', '数据指标'), ('other', '其他')], max_length=16, verbose_name='类型')),
                        ('criterion', models.CharField(blank=True, max_length=16, verbose_name='对应条件编号')),
                        ('text', models.TextField(verbose_name='内容')),
                        ('value', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='数值')),
                        ('source', models.CharField(blank=True, help_text='例如：国务院大督查', max_length=200, verbose_name='来源')),
                        ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='记录时间')),
                        ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='findings', to='nominations.nomination')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='记录人')),
                    ],
                    options={
                        'db_table': 'nominations_samrfinding',
                        'verbose_name': '总局掌握情况',
                        'verbose_name_plural': '总局掌握情况',
                        'ordering': ['nomination', 'recorded_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ExpertAssignment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('stage', models.CharField(choices=[('expert', '专家意见'), ('department', '相关部门意见')], max_length=16, verbose_name='意见类型')),
                        ('assigned_at', models.DateTimeField(auto_now_add=True, verbose_name='分配时间')),
                        ('assigned_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='分配人')),
                        ('expert', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to=settings.AUTH_USER_MODEL, verbose_name='专家/部门')),
                        ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='nominations.nomination')),
                    ],
                    options={
                        'db_table': 'nominations_expertassignment',
                        'verbose_name': '专家分配',
                        'verbose_name_plural': '专家分配',
                        'ordering': ['nomination', 'assigned_at', 'pk'],
                        'constraints': [models.UniqueConstraint(fields=('nomination', 'expert'), name='one_assignment_per_expert')],
                    },
                ),
                migrations.CreateModel(
                    name='InformationRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('question', models.TextField(verbose_name='需补充的情况')),
                        ('due_at', models.DateTimeField(blank=True, null=True, verbose_name='答复期限')),
                        ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='提出时间')),
                        ('answer', models.TextField(blank=True, verbose_name='省级答复')),
                        ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='答复时间')),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='答复人')),
                        ('attachment', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='information_request', to='nominations.attachment', verbose_name='补充材料')),
                        ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='information_requests', to='nominations.nomination')),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='提出人')),
                    ],
                    options={
                        'db_table': 'nominations_informationrequest',
                        'verbose_name': '补充材料要求',
                        'verbose_name_plural': '补充材料要求',
                        'ordering': ['nomination', 'requested_at', 'pk'],
                        'indexes': [models.Index(fields=['nomination', 'answered_at'], name='nominations_nominat_0a2e16_idx')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='nationallist',
                    constraint=models.UniqueConstraint(fields=('campaign', 'category'), name='one_national_list_per_category'),
                ),
            ],
        ),
        migrations.AlterModelTable(name="samrfinding", table=None),
        migrations.AlterModelTable(name="expertassignment", table=None),
        migrations.AlterModelTable(name="informationrequest", table=None),
        migrations.AlterModelTable(name="nationallist", table=None),
        migrations.AlterModelTable(name="nationallistentry", table=None),
        migrations.RenameIndex(model_name="informationrequest", new_name="national_in_nominat_0ef73f_idx", old_name="nominations_nominat_0a2e16_idx"),
    ]
