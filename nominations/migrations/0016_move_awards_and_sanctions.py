"""The awards, the report's letter (now in ``awards``) and the sanctions register (now in ``criteria``) leave this
app's state; their rows were kept and their tables renamed by those apps' migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0003_fraud_findings_name_the_register"),
        ("criteria", "0004_sanctions_register"),
        ("nominations", "0015_sanction_without_application"),
        ("publicity", "0006_stories_of_awards"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='awardtask',
                    name='award',
                ),
                migrations.RemoveField(
                    model_name='awardtask',
                    name='assigned_by',
                ),
                migrations.RemoveField(
                    model_name='reportdocument',
                    name='campaign',
                ),
                migrations.RemoveField(
                    model_name='reportdocument',
                    name='updated_by',
                ),
                migrations.RemoveField(
                    model_name='sanction',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='sanction',
                    name='division',
                ),
                migrations.DeleteModel(
                    name='Award',
                ),
                migrations.DeleteModel(
                    name='AwardTask',
                ),
                migrations.DeleteModel(
                    name='ReportDocument',
                ),
                migrations.DeleteModel(
                    name='Sanction',
                ),
            ],
        ),
    ]
