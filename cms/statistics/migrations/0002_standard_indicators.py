"""The standard indicators, so the API and the admin work on a fresh database.

Names and definitions are Vietnamese content (editors may reword them); codes are stable.
"""

from django.db import migrations

INDICATORS = [
    {
        "code": "members",
        "name": "Số đoàn viên",
        "unit": "đoàn viên",
        "definition": "Đoàn viên công đoàn có tên trong danh sách tại ngày 31/12 (năm hiện tại: tính đến hôm nay), không tính người đã ra khỏi tổ chức công đoàn.",
        "source": "Tính tự động từ dữ liệu đoàn viên của hệ thống",
        "is_computed": True,
        "sort_order": 10,
    },
    {
        "code": "new_members",
        "name": "Đoàn viên kết nạp mới",
        "unit": "đoàn viên",
        "definition": "Số đoàn viên có ngày gia nhập công đoàn trong năm.",
        "source": "Tính tự động từ dữ liệu đoàn viên của hệ thống",
        "is_computed": True,
        "sort_order": 20,
    },
    {
        "code": "grassroots_unions",
        "name": "Số công đoàn cơ sở",
        "unit": "CĐCS",
        "definition": "Công đoàn cơ sở đang hoạt động tại ngày 31/12: đã thành lập và chưa giải thể hoặc sáp nhập.",
        "source": "Tính tự động từ dữ liệu tổ chức công đoàn của hệ thống",
        "is_computed": True,
        "sort_order": 30,
    },
    {
        "code": "strikes",
        "name": "Ngừng việc tập thể, đình công",
        "unit": "cuộc",
        "definition": "Số cuộc ngừng việc tập thể và đình công xảy ra trên địa bàn trong năm.",
        "source": "Báo cáo tình hình quan hệ lao động của LĐLĐ tỉnh",
        "sort_order": 40,
    },
    {
        "code": "cla_by_grade",
        "name": "Thỏa ước lao động tập thể theo xếp loại chất lượng",
        "unit": "bản",
        "definition": "Số thỏa ước lao động tập thể còn hiệu lực, xếp loại A, B, C, D theo hướng dẫn đánh giá chất lượng thỏa ước của Tổng Liên đoàn.",
        "source": "Báo cáo kết quả thương lượng, ký kết thỏa ước lao động tập thể",
        "dimension": "grade",
        "dimension_label": "Loại",
        "dimension_values": "A,B,C,D",
        "sort_order": 50,
    },
]


def create(apps, schema_editor):
    Indicator = apps.get_model("statistics", "Indicator")
    for values in INDICATORS:
        values = dict(values)
        Indicator.objects.get_or_create(code=values.pop("code"), defaults=values)


class Migration(migrations.Migration):
    dependencies = [("statistics", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
