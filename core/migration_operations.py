"""Operations the migrations that move models between apps share (docs/architecture.md, "Moving models")."""

from django.db import migrations


def relabel_content_types(target, models_by_app):
    """A reversible operation that moves the content types of ``models_by_app`` (``{"nominations": ("award", …)}``)
    to the app ``target``: every audit event about their objects and every permission keeps pointing to them, and
    Django creates no second content type for a moved model."""

    def relabel(apps, schema_editor, *, forwards=True):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for old_app, models in models_by_app.items():
            source, destination = (old_app, target) if forwards else (target, old_app)
            ContentType.objects.using(schema_editor.connection.alias).filter(app_label=source, model__in=models).update(
                app_label=destination
            )

    def back(apps, schema_editor):
        relabel(apps, schema_editor, forwards=False)

    return migrations.RunPython(relabel, back)
