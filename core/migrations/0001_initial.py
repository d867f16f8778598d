"""The audit trail, the notifications and reminders sent, and the working-day calendar move to ``core`` (issue 16).

Their rows stay where they are: the models change app in Django's state only (``SeparateDatabaseAndState``), the
content types follow them (so every audit event about them, and every permission, still points to the right model),
then the tables take the app's name with their indexes, and on PostgreSQL the audit trail's append-only trigger
and its function are renamed with its table (the trigger itself never stops: a renamed table keeps its triggers).
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import relabel_content_types

MODELS = {
    "nominations": ("auditevent", "notification", "reminder"),
    "publicity": ("calendaroverride", "calendaryear"),
}

RENAME_TRIGGER = """
ALTER TRIGGER nominations_auditevent_append_only ON core_auditevent RENAME TO core_auditevent_append_only;
ALTER FUNCTION nominations_auditevent_refuse_change() RENAME TO core_auditevent_refuse_change;
"""
# Unapplied before the table gets its old name back (operations are reversed in the opposite order).
RESTORE_TRIGGER_NAMES = """
ALTER TRIGGER core_auditevent_append_only ON core_auditevent RENAME TO nominations_auditevent_append_only;
ALTER FUNCTION core_auditevent_refuse_change() RENAME TO nominations_auditevent_refuse_change;
"""


def rename_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RENAME_TRIGGER, params=None)


def restore_trigger_names(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESTORE_TRIGGER_NAMES, params=None)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("provinces", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("nominations", "0012_export_queued_at"),
        ("publicity", "0003_stories"),
    ]

    operations = [
        relabel_content_types("core", MODELS),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CalendarOverride',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(unique=True, verbose_name='日期')),
                        ('kind', models.CharField(choices=[('holiday', '休息日'), ('workday', '调休上班日')], max_length=16, verbose_name='类型')),
                        ('name', models.CharField(help_text='节日名称，如“春节”。', max_length=50, verbose_name='名称')),
                        ('note', models.TextField(blank=True, help_text='依据，如国务院办公厅通知的文号。', verbose_name='备注')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'publicity_calendaroverride',
                        'verbose_name': '节假日调整',
                        'verbose_name_plural': '节假日调整',
                        'ordering': ['date'],
                    },
                ),
                migrations.CreateModel(
                    name='CalendarYear',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(unique=True, validators=[django.core.validators.MinValueValidator(2020), django.core.validators.MaxValueValidator(2100)], verbose_name='年度')),
                        ('complete', models.BooleanField(default=False, help_text='内置日历尚未包含的年度：将国务院办公厅当年的放假安排全部录入为节假日调整后勾选，即可计算该年的公示期。', verbose_name='已录入完整')),
                        ('note', models.TextField(blank=True, help_text='依据，如国务院办公厅通知的文号。', verbose_name='备注')),
                    ],
                    options={
                        'db_table': 'publicity_calendaryear',
                        'verbose_name': '节假日安排年度',
                        'verbose_name_plural': '节假日安排年度',
                        'ordering': ['-year'],
                    },
                ),
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='时间')),
                        ('role', models.CharField(blank=True, editable=False, max_length=32, verbose_name='角色')),
                        ('action', models.CharField(editable=False, max_length=64, verbose_name='操作')),
                        ('object_pk', models.CharField(editable=False, max_length=64)),
                        ('object_repr', models.CharField(editable=False, max_length=200, verbose_name='对象')),
                        ('from_state', models.CharField(blank=True, editable=False, max_length=32, verbose_name='原状态')),
                        ('to_state', models.CharField(blank=True, editable=False, max_length=32, verbose_name='新状态')),
                        ('comment', models.TextField(blank=True, editable=False, verbose_name='说明')),
                        ('ip', models.GenericIPAddressField(blank=True, editable=False, null=True, verbose_name='IP 地址')),
                        ('data', models.JSONField(blank=True, default=dict, editable=False, verbose_name='附加信息')),
                        ('actor', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                        ('bureau', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, to='provinces.bureau', verbose_name='机构')),
                        ('content_type', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'nominations_auditevent',
                        'verbose_name': '审计记录',
                        'verbose_name_plural': '审计记录',
                        'ordering': ['at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('recipients', models.JSONField(default=list, verbose_name='收件人')),
                        ('subject', models.CharField(max_length=255, verbose_name='标题')),
                        ('body', models.TextField(verbose_name='正文')),
                        ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='发送时间')),
                        ('event', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='notification', to='core.auditevent')),
                    ],
                    options={
                        'db_table': 'nominations_notification',
                        'verbose_name': '通知记录',
                        'verbose_name_plural': '通知记录',
                        'ordering': ['-sent_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Reminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=32, verbose_name='类型')),
                        ('object_pk', models.CharField(max_length=64)),
                        ('deadline', models.DateTimeField(verbose_name='截止时间')),
                        ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='提醒时间')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'nominations_reminder',
                        'verbose_name': '截止提醒',
                        'verbose_name_plural': '截止提醒',
                    },
                ),
                migrations.AddIndex(
                    model_name='auditevent',
                    index=models.Index(fields=['content_type', 'object_pk', 'at'], name='nominations_content_50793e_idx'),
                ),
                migrations.AddConstraint(
                    model_name='reminder',
                    constraint=models.UniqueConstraint(fields=('kind', 'content_type', 'object_pk', 'deadline'), name='remind_once'),
                ),
            ],
        ),
        migrations.AlterModelTable(name="calendaroverride", table=None),
        migrations.AlterModelTable(name="calendaryear", table=None),
        migrations.AlterModelTable(name="auditevent", table=None),
        migrations.AlterModelTable(name="notification", table=None),
        migrations.AlterModelTable(name="reminder", table=None),
        migrations.RenameIndex(
            model_name="auditevent", new_name="core_audite_content_68d881_idx", old_name="nominations_content_50793e_idx"
        ),
        migrations.RunPython(rename_trigger, restore_trigger_names),
    ]
