"""Demo member benefits: the federation's welfare programmes and partner discounts.

Partner names are realistic demo data, not actual agreements; no phone number is given for them.
"""

from __future__ import annotations

from datetime import date

from cms.benefits.models import BenefitIndexPage, BenefitPage
from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext, Tally
from cms.core.demo.content import section, upsert_page
from cms.organisations.models import Organisation

ROOT_CODE = "ldld-nghe-an"

CONTACT = (
    "Công đoàn cơ sở nơi đoàn viên sinh hoạt; hoặc gửi câu hỏi cho Liên đoàn Lao động tỉnh Nghệ An qua mục "
    "Phản ánh trên ứng dụng Công đoàn số."
)

# slug, title, kind, summary, eligibility, how to claim, valid from, valid until, partner, discount, contact
BENEFITS = [
    (
        "tet-sum-vay-2027",
        'Chương trình "Tết Sum vầy" Xuân Đinh Mùi 2027',
        "tet_reunion",
        "Quà Tết, vé xe về quê và phiên chợ Tết Công đoàn cho đoàn viên có hoàn cảnh khó khăn.",
        "<ul><li>Đoàn viên công đoàn có hoàn cảnh khó khăn, bị mất việc, giảm thu nhập;</li><li>Đoàn viên bị tai nạn lao động, bệnh nghề nghiệp, bệnh hiểm nghèo.</li></ul>",
        "<p>Công đoàn cơ sở lập danh sách đề nghị, gửi công đoàn cấp trên trước <b>15/12/2026</b>. Quà được trao tại doanh nghiệp hoặc tại Chợ Tết Công đoàn.</p>",
        date(2026, 11, 15),
        date(2027, 2, 10),
        "",
        "",
        CONTACT,
    ),
    (
        "mai-am-cong-doan",
        'Chương trình "Mái ấm Công đoàn"',
        "union_house",
        "Hỗ trợ đoàn viên khó khăn về nhà ở xây mới, sửa chữa nhà.",
        "<p>Đoàn viên có thời gian tham gia công đoàn từ đủ 01 năm, chưa có nhà ở hoặc nhà ở dột nát, hư hỏng nặng.</p>",
        "<p>Công đoàn cơ sở lập hồ sơ (đơn, xác nhận của chính quyền địa phương), công đoàn cấp trên thẩm định. Mức hỗ trợ <b>50 triệu đồng</b> mỗi nhà xây mới, <b>30 triệu đồng</b> mỗi nhà sửa chữa.</p>",
        date(2024, 1, 1),
        None,
        "",
        "",
        CONTACT,
    ),
    (
        "uu-dai-sieu-thi-vinh",
        "Ưu đãi mua sắm cho đoàn viên tại siêu thị đối tác",
        "partner_discount",
        "Chương trình phúc lợi đoàn viên: giảm giá khi xuất trình thẻ đoàn viên công đoàn.",
        "<p>Đoàn viên công đoàn có thẻ đoàn viên hoặc thẻ điện tử trên ứng dụng Công đoàn số.</p>",
        "<p>Xuất trình thẻ đoàn viên tại quầy thu ngân trước khi thanh toán.</p>",
        date(2026, 1, 1),
        date(2026, 12, 31),
        "Siêu thị Sao Vinh – phường Thành Vinh",
        "Giảm 5% hóa đơn từ 300.000 đồng (không áp dụng hàng khuyến mại)",
        "Quầy dịch vụ khách hàng của siêu thị",
    ),
    (
        "hoc-bong-con-doan-vien",
        'Học bổng "Vì con đoàn viên"',
        "scholarship",
        "Học bổng cho con đoàn viên vượt khó học giỏi, mỗi suất 2 triệu đồng.",
        "<p>Con của đoàn viên công đoàn có hoàn cảnh khó khăn, đạt học lực khá trở lên trong năm học.</p>",
        "<p>Công đoàn cơ sở xét chọn, gửi hồ sơ về công đoàn cấp trên trước <b>30/7</b> hằng năm; trao học bổng dịp khai giảng.</p>",
        date(2026, 6, 1),
        date(2026, 9, 30),
        "",
        "",
        CONTACT,
    ),
    (
        "tro-cap-doan-vien-kho-khan",
        "Trợ cấp đoàn viên gặp khó khăn đột xuất",
        "hardship_support",
        "Thăm hỏi, trợ cấp đoàn viên ốm đau, tai nạn, thiên tai, mất việc làm.",
        "<p>Đoàn viên bị ốm đau dài ngày, tai nạn, bị thiệt hại do bão lũ hoặc mất việc làm.</p>",
        "<p>Báo với công đoàn cơ sở kèm giấy tờ liên quan (giấy ra viện, xác nhận của địa phương). Mức trợ cấp từ <b>1 đến 5 triệu đồng</b> tùy trường hợp.</p>",
        date(2025, 7, 1),
        None,
        "",
        "",
        CONTACT,
    ),
    (
        "uu-dai-kham-benh-phong-kham-vinh",
        "Ưu đãi khám sức khỏe tại phòng khám đa khoa đối tác",
        "partner_discount",
        "Chương trình phúc lợi đoàn viên: giảm giá khám bệnh, xét nghiệm cho đoàn viên và người thân.",
        "<p>Đoàn viên công đoàn và bố mẹ, vợ hoặc chồng, con của đoàn viên.</p>",
        "<p>Đặt lịch qua điện thoại, xuất trình thẻ đoàn viên khi đăng ký khám.</p>",
        date(2026, 3, 1),
        date(2027, 2, 28),
        "Phòng khám đa khoa Thành Vinh – phường Thành Vinh",
        "Giảm 20% phí khám, 10% xét nghiệm",
        "Đặt lịch qua tổng đài của phòng khám; xuất trình thẻ đoàn viên khi đến khám",
    ),
]


def seed(ctx: SeedContext) -> None:
    index = section(
        BenefitIndexPage,
        "Quyền lợi đoàn viên",
        "quyen-loi-doan-vien",
        intro="Các chương trình chăm lo, phúc lợi và ưu đãi dành cho đoàn viên công đoàn tỉnh Nghệ An.",
    )
    publisher = Organisation.objects.get(code=ROOT_CODE)
    pages = Tally()
    for (
        slug,
        title,
        kind,
        summary,
        eligibility,
        how_to_claim,
        valid_from,
        valid_until,
        partner,
        discount,
        contact,
    ) in BENEFITS:
        _page, created = upsert_page(
            index,
            BenefitPage,
            slug,
            title=title,
            kind=kind,
            summary=summary,
            organisation=publisher,
            eligibility=eligibility,
            how_to_claim=how_to_claim,
            valid_from=valid_from,
            valid_until=valid_until,
            partner_name=partner,
            discount_text=discount,
            contact=contact,
        )
        pages.count(created, False)
    ctx.report(pages.describe("benefit programmes"))


register_seeder("benefits", seed, after=("organisations",), order=40)
