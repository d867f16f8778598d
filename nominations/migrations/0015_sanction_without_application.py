"""The application a sanction came from is now kept by its fraud finding (``awards`` migration 0002): the sanction
itself only names the division, so that the register can live below the applications (in ``criteria``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0014_move_national_evaluation"),
        ("awards", "0002_fraud_findings_from_sanctions"),
    ]

    operations = [
        migrations.RemoveField(model_name="sanction", name="nomination"),
    ]
