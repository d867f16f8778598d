"""Each fraud finding that started sanctions becomes a ``FraudFinding`` (art. 14), with the sanctions it started, so
that the sanctions register (moving to ``criteria``) no longer points to an application.

The domain started two sanctions per finding (the locality's application ban and its province's recommendation
ban) with the same application, note and decision number: those are grouped into one finding, decided when and by
whom the first was recorded. A sanction of another reason that named an application (only the admin could do that)
keeps the application's number in its note.
"""

from django.db import migrations

FRAUD = "fraud"


def findings_from_sanctions(apps, schema_editor):
    alias = schema_editor.connection.alias
    Sanction = apps.get_model("nominations", "Sanction")
    FraudFinding = apps.get_model("awards", "FraudFinding")
    groups = {}
    for sanction in Sanction.objects.using(alias).filter(nomination__isnull=False).order_by("created_at", "pk"):
        if sanction.reason == FRAUD:
            groups.setdefault((sanction.nomination_id, sanction.decision_number, sanction.note), []).append(sanction)
        else:
            sanction.note = "\n".join(filter(None, [sanction.note, f"所涉申报编号：{sanction.nomination_id}"]))
            sanction.save(update_fields=["note"])
    for (nomination_id, decision_number, note), sanctions in groups.items():
        finding = FraudFinding.objects.using(alias).create(
            nomination_id=nomination_id,
            finding=note,
            decision_number=decision_number,
            decided_by_id=sanctions[0].created_by_id,
            decided_at=sanctions[0].created_at,
        )
        finding.sanctions.set(sanctions)


def sanctions_from_findings(apps, schema_editor):
    alias = schema_editor.connection.alias
    FraudFinding = apps.get_model("awards", "FraudFinding")
    for finding in FraudFinding.objects.using(alias).prefetch_related("sanctions"):
        finding.sanctions.update(nomination_id=finding.nomination_id)
    FraudFinding.objects.using(alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
    ]

    operations = [migrations.RunPython(findings_from_sanctions, sanctions_from_findings)]
