"""Sanctions are counted in campaign years (art. 14, issue 17): each bars the campaigns of ``first_year`` to
``last_year``, the first from its decision (``starts_on``), whatever the calendar; and a sanction ends early only by
a recorded lifting decision (who, why, which document).

The existing terms were date ranges [starts_on, ends_on): they become the campaign years they covered, the year of
their first day to the year of their last (a term ending on 1 January covered up to the year before).
"""

import datetime

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

YEARS = [django.core.validators.MinValueValidator(2019), django.core.validators.MaxValueValidator(2100)]


def years_from_dates(apps, schema_editor):
    Sanction = apps.get_model("criteria", "Sanction")
    for sanction in Sanction.objects.using(schema_editor.connection.alias).all():
        sanction.first_year = sanction.starts_on.year
        sanction.last_year = max((sanction.ends_on - datetime.timedelta(days=1)).year, sanction.first_year)
        sanction.save(update_fields=["first_year", "last_year"])


def dates_from_years(apps, schema_editor):
    Sanction = apps.get_model("criteria", "Sanction")
    for sanction in Sanction.objects.using(schema_editor.connection.alias).all():
        sanction.ends_on = datetime.date(sanction.last_year + 1, 1, 1)
        sanction.save(update_fields=["ends_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("criteria", "0004_sanctions_register"),
        ("provinces", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="sanction",
            name="first_year",
            field=models.PositiveSmallIntegerField(null=True, validators=YEARS, verbose_name="起始年度"),
        ),
        migrations.AddField(
            model_name="sanction",
            name="last_year",
            field=models.PositiveSmallIntegerField(null=True, validators=YEARS, verbose_name="终止年度"),
        ),
        migrations.AlterField(
            model_name="sanction",
            name="ends_on",
            field=models.DateField(null=True, verbose_name="终止日"),
        ),
        migrations.RunPython(years_from_dates, dates_from_years),
        migrations.RemoveConstraint(model_name="sanction", name="sanction_term_positive"),
        migrations.RemoveIndex(model_name="sanction", name="criteria_sa_divisio_78d1fb_idx"),
        migrations.RemoveField(model_name="sanction", name="ends_on"),
        migrations.AlterField(
            model_name="sanction",
            name="first_year",
            field=models.PositiveSmallIntegerField(validators=YEARS, verbose_name="起始年度"),
        ),
        migrations.AlterField(
            model_name="sanction",
            name="last_year",
            field=models.PositiveSmallIntegerField(
                help_text="含该年度；其后的年度工作恢复资格。", validators=YEARS, verbose_name="终止年度"
            ),
        ),
        migrations.AddField(
            model_name="sanction",
            name="lift_document_number",
            field=models.CharField(blank=True, max_length=64, verbose_name="解除决定文号"),
        ),
        migrations.AddField(
            model_name="sanction",
            name="lift_reason",
            field=models.TextField(blank=True, verbose_name="解除理由"),
        ),
        migrations.AddField(
            model_name="sanction",
            name="lifted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="解除人",
            ),
        ),
        migrations.AlterField(
            model_name="sanction",
            name="starts_on",
            field=models.DateField(help_text="在第一个年度内，自该日起生效。", verbose_name="决定日"),
        ),
        migrations.AddIndex(
            model_name="sanction",
            index=models.Index(fields=["division", "kind", "first_year", "last_year"], name="criteria_sa_divisio_dddb7f_idx"),
        ),
        migrations.AddConstraint(
            model_name="sanction",
            constraint=models.CheckConstraint(
                condition=models.Q(("last_year__gte", models.F("first_year"))), name="sanction_years_in_order"
            ),
        ),
    ]
