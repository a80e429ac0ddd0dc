"""Wagtail's own starting data in Vietnamese: the tree's root page and the default workflow.

Wagtail's migrations create the root page titled "Root" and a "Moderators approval" workflow
and task; these are data, not strings a catalogue translates, so officers saw them in English
(the page explorer's breadcrumb, the workflow screens). Renamed only where still Wagtail's name.
"""

from django.db import migrations

RENAMES = [
    ("wagtailcore", "Page", "title", "Root", "Gốc", {"depth": 1}),
    ("wagtailcore", "Workflow", "name", "Moderators approval", "Duyệt bởi nhóm kiểm duyệt", {}),
    ("wagtailcore", "Task", "name", "Moderators approval", "Nhóm kiểm duyệt phê duyệt", {}),
]


def rename(apps, schema_editor, *, forward=True):
    for app_label, model_name, field, english, vietnamese, extra in RENAMES:
        old, new = (english, vietnamese) if forward else (vietnamese, english)
        apps.get_model(app_label, model_name).objects.filter(**{field: old}, **extra).update(**{field: new})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_homequicklink"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(rename, lambda apps, schema_editor: rename(apps, schema_editor, forward=False)),
    ]
