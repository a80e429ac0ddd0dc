"""Agreements by grade count the ungraded ones too (KXL, "Không xếp loại"), so the grades add up
to every agreement in force; a dimension value may name its own legend (``KXL=Không xếp loại``).

The indicator is content editors may have reworded: only the values and definition as migration
0002 wrote them are changed (and changed back on reversal).
"""

from django.db import migrations, models

CODE = "cla_by_grade"
OLD = {
    "dimension_values": "A,B,C,D",
    "definition": "Số thỏa ước lao động tập thể còn hiệu lực, xếp loại A, B, C, D theo hướng dẫn đánh giá chất lượng thỏa ước của Tổng Liên đoàn.",
}
NEW = {
    "dimension_values": "A,B,C,D,KXL=Không xếp loại",
    "definition": "Số thỏa ước lao động tập thể còn hiệu lực tại ngày 31/12, theo loại chất lượng A, B, C, D khi đánh giá theo hướng dẫn của Tổng Liên đoàn (Hướng dẫn số 90/HD-TLĐ ngày 17/7/2023); thỏa ước còn hiệu lực mà không được xếp loại nào được tính riêng (Không xếp loại). Thỏa ước có nhiều doanh nghiệp tính là một bản.",
}


def _replace(apps, before: dict, after: dict) -> None:
    Indicator = apps.get_model("statistics", "Indicator")
    indicator = Indicator.objects.filter(code=CODE).first()
    if indicator is None:
        return
    changed = [name for name, value in before.items() if getattr(indicator, name) == value]
    for name in changed:
        setattr(indicator, name, after[name])
    if changed:
        indicator.save(update_fields=changed)


def forwards(apps, schema_editor):
    _replace(apps, OLD, NEW)


def backwards(apps, schema_editor):
    _replace(apps, NEW, OLD)


class Migration(migrations.Migration):

    dependencies = [
        ('statistics', '0002_standard_indicators'),
    ]

    operations = [
        migrations.AlterField(
            model_name='indicator',
            name='dimension_values',
            field=models.CharField(blank=True, help_text='Allowed values, comma-separated, in display order, e.g. A,B,C,D. A value may name its own legend after an equals sign, e.g. KXL=Không xếp loại; the others read as the dimension label and the value (Loại A).', max_length=255, verbose_name='dimension values'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
