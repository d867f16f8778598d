"""SAMR's evaluation now lives in ``national`` (its migration 0001 keeps the rows and renames the tables): here its
models leave this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("national", "0001_initial"),
        ("nominations", "0013_move_audit_and_notifications_to_core"),
        ("publicity", "0005_national_lists_in_national"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='informationrequest',
                    name='answered_by',
                ),
                migrations.RemoveField(
                    model_name='informationrequest',
                    name='attachment',
                ),
                migrations.RemoveField(
                    model_name='informationrequest',
                    name='nomination',
                ),
                migrations.RemoveField(
                    model_name='informationrequest',
                    name='requested_by',
                ),
                migrations.RemoveField(
                    model_name='nationallist',
                    name='approved_by',
                ),
                migrations.RemoveField(
                    model_name='nationallist',
                    name='campaign',
                ),
                migrations.RemoveField(
                    model_name='nationallist',
                    name='finalised_by',
                ),
                migrations.RemoveField(
                    model_name='nationallist',
                    name='reported_by',
                ),
                migrations.RemoveField(
                    model_name='nationallistentry',
                    name='national_list',
                ),
                migrations.RemoveField(
                    model_name='nationallistentry',
                    name='added_by',
                ),
                migrations.RemoveField(
                    model_name='nationallistentry',
                    name='nomination',
                ),
                migrations.RemoveField(
                    model_name='samrfinding',
                    name='nomination',
                ),
                migrations.RemoveField(
                    model_name='samrfinding',
                    name='recorded_by',
                ),
                migrations.DeleteModel(
                    name='ExpertAssignment',
                ),
                migrations.DeleteModel(
                    name='InformationRequest',
                ),
                migrations.DeleteModel(
                    name='NationalList',
                ),
                migrations.DeleteModel(
                    name='NationalListEntry',
                ),
                migrations.DeleteModel(
                    name='SamrFinding',
                ),
            ],
        ),
    ]
