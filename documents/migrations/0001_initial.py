"""The exports move to their own app, ``documents`` (issue 16).

Their rows stay where they are: the models change app in Django's state only (``SeparateDatabaseAndState``), their
content types follow them (so the audit events about them and their permissions still point to them), then their
tables and indexes take this app's name.
"""

import core.storage
import django.db.models.deletion
import documents.models
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import relabel_content_types

MODELS = {
    "nominations": ("export",),
}


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("nominations", "0016_move_awards_and_sanctions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        relabel_content_types("documents", MODELS),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Export',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=64, verbose_name='类型')),
                        ('params', models.JSONField(default=dict, verbose_name='参数')),
                        ('title', models.CharField(max_length=200, verbose_name='名称')),
                        ('state', models.CharField(choices=[('pending', '排队中'), ('running', '生成中'), ('done', '已完成'), ('failed', '失败')], default='pending', max_length=16, verbose_name='状态')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='进度')),
                        ('message', models.CharField(blank=True, max_length=300, verbose_name='说明')),
                        ('file', models.FileField(blank=True, max_length=200, storage=core.storage.private_storage, upload_to=documents.models.upload_export)),
                        ('file_name', models.CharField(blank=True, max_length=255, verbose_name='文件名')),
                        ('content_type', models.CharField(blank=True, max_length=100)),
                        ('size', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='大小')),
                        ('sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='申请时间')),
                        ('queued_at', models.DateTimeField(blank=True, null=True, verbose_name='入队时间')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='开始时间')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='完成时间')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='exports', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'nominations_export',
                        'verbose_name': '导出',
                        'verbose_name_plural': '导出',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['created_by', '-created_at'], name='nominations_created_afe07e_idx')],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="export", table=None),
        migrations.RenameIndex(model_name="export", new_name="documents_e_created_886c5d_idx", old_name="nominations_created_afe07e_idx"),
    ]
