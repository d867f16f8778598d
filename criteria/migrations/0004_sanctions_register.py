"""The sanctions register (art. 14) moves to ``criteria``, beside the incident register: the registers that bar
eligibility, read by every stage above (issue 16).

Their rows stay where they are: the models change app in Django's state only (``SeparateDatabaseAndState``), their
content types follow them (so the audit events about them and their permissions still point to them), then their
tables and indexes take this app's name.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import relabel_content_types

MODELS = {
    "nominations": ("sanction",),
}


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("criteria", "0003_indicator_values"),
        ("nominations", "0015_sanction_without_application"),
        ("provinces", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        relabel_content_types("criteria", MODELS),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Sanction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('application_ban', '取消申报资格'), ('recommendation_ban', '取消推荐资格')], max_length=32, verbose_name='类型')),
                        ('reason', models.CharField(choices=[('fraud', '弄虚作假（第十四条）'), ('incident', '重大质量安全事件（第十五条）')], max_length=16, verbose_name='事由')),
                        ('starts_on', models.DateField(verbose_name='起始日')),
                        ('ends_on', models.DateField(help_text='当日起恢复资格。', verbose_name='终止日')),
                        ('decision_number', models.CharField(blank=True, max_length=64, verbose_name='决定文号')),
                        ('note', models.TextField(blank=True, verbose_name='说明')),
                        ('lifted_at', models.DateTimeField(blank=True, null=True, verbose_name='解除时间')),
                        ('expired_at', models.DateTimeField(blank=True, null=True, verbose_name='期满处理时间')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                        ('division', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sanctions', to='provinces.division', verbose_name='对象')),
                    ],
                    options={
                        'db_table': 'nominations_sanction',
                        'verbose_name': '资格限制',
                        'verbose_name_plural': '资格限制',
                        'ordering': ['-starts_on'],
                        'indexes': [models.Index(fields=['division', 'kind', 'starts_on', 'ends_on'], name='nominations_divisio_6b4a58_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__gt', models.F('starts_on'))), name='sanction_term_positive')],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="sanction", table=None),
        migrations.RenameIndex(model_name="sanction", new_name="criteria_sa_divisio_78d1fb_idx", old_name="nominations_divisio_6b4a58_idx"),
    ]
