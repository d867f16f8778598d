"""The awards move to their own app, ``awards`` (issue 16): the awards with their measures, the art. 13 tasks and the
report's letter, and a new record, the fraud finding (``FraudFinding``, art. 14).

The moved rows stay where they are: the models change app in Django's state only (``SeparateDatabaseAndState``),
their content types follow them, then their tables take this app's name. The fraud findings are built from the
sanctions that named the application concerned (migration 0002), before that link leaves the sanctions register.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import relabel_content_types

MODELS = {"nominations": ("award", "awardtask", "reportdocument")}


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("criteria", "0003_indicator_values"),
        ("nominations", "0014_move_national_evaluation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        relabel_content_types("awards", MODELS),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReportDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('issuer', models.CharField(max_length=100, verbose_name='发文机关')),
                        ('document_number', models.CharField(max_length=64, verbose_name='发文字号')),
                        ('title', models.CharField(max_length=200, verbose_name='标题')),
                        ('addressee', models.CharField(max_length=100, verbose_name='主送机关')),
                        ('body', models.TextField(help_text='段落之间空一行。', verbose_name='正文')),
                        ('signed_on', models.DateField(verbose_name='成文日期')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('campaign', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='report_document', to='nominations.campaign', verbose_name='年度工作')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'nominations_reportdocument',
                        'verbose_name': '上报文件',
                        'verbose_name_plural': '上报文件',
                    },
                ),
                migrations.CreateModel(
                    name='Award',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('measures', models.JSONField(default=list, help_text='激励措施代码的列表', verbose_name='激励措施')),
                        ('granted_at', models.DateTimeField(verbose_name='认定时间')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='撤销时间')),
                        ('revocation_reason', models.TextField(blank=True, verbose_name='撤销原因')),
                        ('granted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('incident', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='revoked_awards', to='criteria.incident', verbose_name='重大质量安全事件')),
                        ('nomination', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='award', to='nominations.nomination', verbose_name='申报')),
                        ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'nominations_award',
                        'verbose_name': '激励',
                        'verbose_name_plural': '激励',
                        'ordering': ['-granted_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='AwardTask',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('pilot', '试点'), ('exchange', '交流'), ('research', '课题研究'), ('other', '其他')], max_length=16, verbose_name='类型')),
                        ('title', models.CharField(max_length=200, verbose_name='任务')),
                        ('description', models.TextField(blank=True, verbose_name='要求')),
                        ('due_on', models.DateField(verbose_name='完成期限')),
                        ('status', models.CharField(choices=[('open', '进行中'), ('done', '已完成'), ('problem', '遇到问题')], default='open', max_length=16, verbose_name='状态')),
                        ('report', models.TextField(blank=True, verbose_name='完成情况或问题')),
                        ('reported_at', models.DateTimeField(blank=True, null=True, verbose_name='报告时间')),
                        ('assigned_at', models.DateTimeField(auto_now_add=True)),
                        ('assigned_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('award', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='awards.award')),
                    ],
                    options={
                        'db_table': 'nominations_awardtask',
                        'verbose_name': '工作任务',
                        'verbose_name_plural': '工作任务',
                        'ordering': ['due_on', 'pk'],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="reportdocument", table=None),
        migrations.AlterModelTable(name="award", table=None),
        migrations.AlterModelTable(name="awardtask", table=None),
        migrations.CreateModel(
            name='FraudFinding',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('finding', models.TextField(verbose_name='认定的事实和依据')),
                ('decision_number', models.CharField(blank=True, max_length=64, verbose_name='决定文号')),
                ('decided_at', models.DateTimeField(verbose_name='认定时间')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='认定人')),
                ('sanctions', models.ManyToManyField(blank=True, related_name='fraud_findings', to='nominations.sanction', verbose_name='资格限制')),
                ('nomination', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='fraud_findings', to='nominations.nomination', verbose_name='所涉申报')),
            ],
            options={
                'verbose_name': '弄虚作假认定',
                'verbose_name_plural': '弄虚作假认定',
                'ordering': ['-decided_at', '-pk'],
            },
        ),
    ]
