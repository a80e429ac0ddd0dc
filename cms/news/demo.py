"""Demo news articles (tin tức) from the federation, commune and ward unions and grassroots unions.

Keyed on slugs under the news section: a second run finds every article and writes nothing.
Articles of a branch or a grassroots union are addressed to that organisation's subtree, so the
demo shows the audience rule at work; the federation's articles are for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext, Tally
from cms.core.demo.content import demo_image, section, upsert_page
from cms.news.models import NewsCategory, NewsIndexPage, NewsPage
from cms.organisations.demo import ROOT_CODE
from cms.organisations.models import Organisation

CATEGORIES = (
    ("hoat-dong-cong-doan", "Hoạt động công đoàn"),
    ("chinh-sach-phap-luat", "Chính sách – pháp luật"),
    ("guong-dien-hinh", "Gương điển hình"),
    ("doi-song-cong-nhan", "Đời sống công nhân"),
    ("dai-hoi", "Đại hội"),
)


@dataclass(frozen=True)
class NewsSpec:
    slug: str
    title: str
    day: date
    category: str
    summary: str
    paragraphs: tuple[str, ...]
    organisation: str = ROOT_CODE
    author: str = "Liên đoàn Lao động tỉnh Nghệ An"
    featured: bool = False
    for_own_subtree: bool = False  # audience = the publishing organisation's subtree


def n(slug, title, day, category, summary, *paragraphs, **extra) -> NewsSpec:
    return NewsSpec(slug, title, day, category, summary, tuple(paragraphs), **extra)


NEWS: tuple[NewsSpec, ...] = (
    n(
        "hoi-nghi-ban-chap-hanh-khoa-xx-tong-ket-2026",
        "Hội nghị Ban Chấp hành Liên đoàn Lao động tỉnh khóa XX tổng kết năm 2026",
        date(2026, 11, 20),
        "hoat-dong-cong-doan",
        "Hội nghị đánh giá kết quả công tác công đoàn năm 2026 và thống nhất nhiệm vụ trọng tâm năm 2027.",
        "Ngày 20/11, Ban Chấp hành Liên đoàn Lao động tỉnh Nghệ An khóa XX họp, đánh giá kết quả thực hiện "
        "nhiệm vụ năm 2026 và bàn phương hướng năm 2027.",
        "Năm 2026, các cấp công đoàn trong tỉnh kết nạp mới hơn 9.000 đoàn viên, chủ yếu tại các doanh nghiệp "
        "ngoài nhà nước; công đoàn xã, phường đi vào hoạt động ổn định sau một năm thành lập.",
        featured=True,
    ),
    n(
        "tet-sum-vay-xuan-binh-ngo-2026",
        '"Tết Sum vầy" Xuân Bính Ngọ 2026: hơn 12.000 suất quà đến với công nhân',
        date(2026, 1, 25),
        "doi-song-cong-nhan",
        'Chương trình "Tết Sum vầy" năm nay dành hơn 12.000 suất quà và 300 vé xe miễn phí cho đoàn viên về quê đón Tết.',
        "Tại Khu công nghiệp VSIP Nghệ An, Liên đoàn Lao động tỉnh phối hợp với các doanh nghiệp tổ chức chương trình "
        '"Tết Sum vầy" với gian hàng 0 đồng, văn nghệ và trao quà cho công nhân có hoàn cảnh khó khăn.',
        "Tổng kinh phí chương trình trên 8 tỷ đồng, trong đó nguồn xã hội hóa chiếm gần một nửa.",
        featured=True,
    ),
    n(
        "tap-huan-luat-cong-doan-2024",
        "Tập huấn Luật Công đoàn năm 2024 cho cán bộ công đoàn cơ sở",
        date(2026, 3, 12),
        "chinh-sach-phap-luat",
        "Gần 400 chủ tịch công đoàn cơ sở được tập huấn những điểm mới của Luật Công đoàn năm 2024.",
        "Luật Công đoàn năm 2024 có hiệu lực từ ngày 01/7/2025 và được sửa đổi, bổ sung một số điều bởi Luật số "
        "97/2025/QH15; luật mở rộng đối tượng được gia nhập công đoàn và quy định rõ hơn quyền, trách nhiệm của "
        "công đoàn trong đại diện, bảo vệ người lao động.",
        "Các học viên được hướng dẫn thực hành đối thoại, thương lượng tập thể tại doanh nghiệp.",
    ),
    n(
        "muc-luong-toi-thieu-vung-2026",
        "Mức lương tối thiểu vùng áp dụng từ ngày 01/01/2026",
        date(2025, 12, 5),
        "chinh-sach-phap-luat",
        "Nghị định số 293/2025/NĐ-CP tăng lương tối thiểu vùng từ 250.000 đến 350.000 đồng mỗi tháng; công đoàn "
        "cơ sở giám sát việc thực hiện.",
        "Theo Nghị định số 293/2025/NĐ-CP của Chính phủ, từ ngày 01/01/2026 mức lương tối thiểu tháng tăng từ "
        "250.000 đến 350.000 đồng tùy vùng (bình quân khoảng 7,2%). Doanh nghiệp áp dụng mức của vùng nơi đơn vị "
        "hoạt động.",
        "Liên đoàn Lao động tỉnh đề nghị công đoàn cơ sở rà soát thang lương, bảng lương và thỏa ước lao động tập "
        "thể để bảo đảm quyền lợi của người lao động.",
        featured=True,
    ),
    n(
        "guong-chi-nguyen-thi-lan-luxshare",
        'Chị Nguyễn Thị Lan: tổ trưởng "giữ lửa" ở xưởng SMT',
        date(2026, 4, 28),
        "guong-dien-hinh",
        "Gần mười năm gắn bó, chị Lan cùng tổ công đoàn giúp hàng trăm công nhân mới vững tay nghề.",
        "Chị Nguyễn Thị Lan, tổ trưởng công đoàn Xưởng SMT, là người đầu tiên công nhân mới tìm đến khi gặp khó khăn.",
        "Năm 2025, chị đề xuất 3 sáng kiến cải tiến dây chuyền, giúp giảm 12% tỷ lệ lỗi sản phẩm.",
        organisation="cdcs-luxshare",
        author="CĐCS Công ty TNHH Luxshare-ICT Nghệ An",
        for_own_subtree=True,
    ),
    n(
        "dai-hoi-cdcs-luxshare-2025",
        "Đại hội Công đoàn cơ sở Công ty Luxshare-ICT Nghệ An nhiệm kỳ 2025–2030",
        date(2025, 10, 18),
        "dai-hoi",
        "Đại hội bầu Ban Chấp hành 11 đồng chí, đề ra mục tiêu 100% người lao động là đoàn viên.",
        "Đại hội diễn ra trong không khí dân chủ, với 150 đại biểu đại diện cho đoàn viên các xưởng sản xuất.",
        "Đại hội thông qua chương trình hành động tập trung vào thương lượng tiền lương, bữa ăn ca và nhà ở.",
        organisation="cdcs-luxshare",
        author="CĐCS Công ty TNHH Luxshare-ICT Nghệ An",
    ),
    n(
        "bua-an-ca-kcn-vsip-2026",
        "Nâng chất lượng bữa ăn ca tại KCN VSIP Nghệ An",
        date(2026, 5, 20),
        "doi-song-cong-nhan",
        "Công đoàn xã Hưng Nguyên cùng công đoàn cơ sở kiểm tra bữa ăn ca tại các doanh nghiệp trong KCN.",
        "Đoàn kiểm tra ghi nhận các doanh nghiệp được kiểm tra bảo đảm giá trị bữa ăn từ 25.000 đồng trở lên.",
        "Qua đối thoại, doanh nghiệp cam kết tăng giá trị bữa ăn ca từ tháng 7/2026.",
        organisation="cd-kkt-kcn",
        author="Công đoàn xã Hưng Nguyên",
        for_own_subtree=True,
    ),
    n(
        "doi-thoai-vsip-2026",
        "Đối thoại giữa công nhân và lãnh đạo doanh nghiệp KCN VSIP",
        date(2026, 8, 8),
        "hoat-dong-cong-doan",
        "Hơn 200 công nhân trực tiếp nêu kiến nghị về tiền lương, nhà trọ và giờ làm thêm.",
        "Buổi đối thoại do Công đoàn xã Hưng Nguyên phối hợp với các doanh nghiệp trong KCN VSIP Nghệ An tổ chức.",
        "Các kiến nghị đã được doanh nghiệp trả lời tại chỗ hoặc cam kết giải quyết trong quý IV.",
        organisation="cd-kkt-kcn",
        author="Công đoàn xã Hưng Nguyên",
    ),
    n(
        "mai-am-cong-doan-2026",
        'Trao 50 "Mái ấm Công đoàn" cho đoàn viên khó khăn về nhà ở',
        date(2026, 7, 27),
        "doi-song-cong-nhan",
        "Mỗi mái ấm xây mới được hỗ trợ 50 triệu đồng, mỗi mái ấm sửa chữa 30 triệu đồng.",
        "Nhân dịp kỷ niệm Ngày thành lập Công đoàn Việt Nam 28/7, Liên đoàn Lao động tỉnh trao quyết định hỗ trợ "
        "xây, sửa 50 Mái ấm Công đoàn cho đoàn viên khó khăn về nhà ở.",
        'Mức hỗ trợ theo Chương trình "Mái ấm Công đoàn": 50 triệu đồng xây mới, 30 triệu đồng sửa chữa.',
        featured=True,
    ),
    n(
        "th-school-nha-giao-20-11",
        "Công đoàn Trường TH School tri ân nhà giáo nhân ngày 20/11",
        date(2026, 11, 19),
        "guong-dien-hinh",
        "Nhân ngày Nhà giáo Việt Nam 20/11, công đoàn trường tặng quà và biểu dương giáo viên, nhân viên tiêu biểu.",
        "Công đoàn trường vận động quỹ học bổng cho học sinh có hoàn cảnh khó khăn và thăm hỏi giáo viên ốm đau.",
        organisation="cdcs-th-school",
        author="Công đoàn Trường Phổ thông TH School Nghệ An",
        for_own_subtree=True,
    ),
    n(
        "bv-huu-nghi-an-toan-ve-sinh-lao-dong",
        "Công đoàn Bệnh viện Hữu nghị Đa khoa hưởng ứng Tháng hành động về an toàn, vệ sinh lao động",
        date(2026, 5, 6),
        "hoat-dong-cong-doan",
        "Các khoa rà soát nguy cơ phơi nhiễm nghề nghiệp, tập huấn sơ cấp cứu cho nhân viên.",
        "Công đoàn bệnh viện phối hợp với lãnh đạo bệnh viện kiểm tra trang bị bảo hộ tại các khoa lâm sàng.",
        organisation="cdcs-bv-huu-nghi",
        author="Công đoàn Bệnh viện Hữu nghị Đa khoa Nghệ An",
        for_own_subtree=True,
    ),
    n(
        "bv-huu-nghi-dieu-duong-tieu-bieu",
        "Điều dưỡng Phan Thị Hằng và 15 năm trong khoa Hồi sức",
        date(2026, 2, 27),
        "guong-dien-hinh",
        "Nhân ngày Thầy thuốc Việt Nam, công đoàn bệnh viện tôn vinh những điều dưỡng tận tụy.",
        'Chị Hằng được đồng nghiệp gọi là "người giữ nhịp" của khoa Hồi sức tích cực.',
        organisation="cdcs-bv-huu-nghi",
        author="Công đoàn Bệnh viện Hữu nghị Đa khoa Nghệ An",
        for_own_subtree=True,
    ),
    n(
        "dai-hoi-cong-doan-phuong-thanh-vinh-2025",
        "Đại hội Công đoàn phường Thành Vinh lần thứ I, nhiệm kỳ 2025–2030",
        date(2025, 10, 22),
        "dai-hoi",
        "108 đại biểu đại diện cho gần 5.000 đoàn viên của 61 công đoàn cơ sở trực thuộc dự đại hội.",
        "Công đoàn phường Thành Vinh được thành lập theo Quyết định số 278/QĐ-LĐLĐ ngày 11/7/2025 của Liên đoàn "
        "Lao động tỉnh Nghệ An.",
        "Đại hội đánh giá kết quả hoạt động từ khi thành lập và đề ra phương hướng nhiệm kỳ 2025–2030.",
        organisation="cd-phuong-thanh-vinh",
        author="Công đoàn phường Thành Vinh",
    ),
    n(
        "dai-hoi-cong-doan-phuong-cua-lo-2025",
        "Đại hội Công đoàn phường Cửa Lò lần thứ I, nhiệm kỳ 2025–2030",
        date(2025, 10, 30),
        "dai-hoi",
        "Công đoàn phường quản lý, chỉ đạo trực tiếp 29 công đoàn cơ sở với 1.548 đoàn viên.",
        "Công đoàn phường Cửa Lò được thành lập và đi vào hoạt động từ cuối tháng 7/2025, theo mô hình công đoàn "
        "phường của Luật Công đoàn (sửa đổi).",
        "Đại hội đề ra phương hướng, mục tiêu, nhiệm vụ và giải pháp nhiệm kỳ 2025–2030.",
        organisation="cd-phuong-cua-lo",
        author="Công đoàn phường Cửa Lò",
    ),
    n(
        "phat-trien-doan-vien-fdi",
        "Phát triển đoàn viên trong doanh nghiệp có vốn đầu tư nước ngoài",
        date(2026, 10, 10),
        "hoat-dong-cong-doan",
        "9 tháng đầu năm, toàn tỉnh kết nạp 6.800 đoàn viên, chủ yếu tại các doanh nghiệp FDI.",
        "Cán bộ công đoàn đến tận nhà trọ, khu tập thể để tuyên truyền, vận động công nhân gia nhập công đoàn.",
        "Liên đoàn Lao động tỉnh thưởng cho các công đoàn cơ sở kết nạp từ 100 đoàn viên trở lên trong năm.",
    ),
    n(
        "bao-hiem-xa-hoi-mot-lan",
        "Những điều người lao động cần biết trước khi rút bảo hiểm xã hội một lần",
        date(2026, 4, 2),
        "chinh-sach-phap-luat",
        "Luật Bảo hiểm xã hội năm 2024 thay đổi điều kiện hưởng bảo hiểm xã hội một lần từ ngày 01/7/2025.",
        "Rút bảo hiểm xã hội một lần khiến người lao động mất quyền hưởng lương hưu và thẻ bảo hiểm y tế sau này.",
        "Đoàn viên có thể hỏi công đoàn cơ sở nơi mình sinh hoạt hoặc gửi câu hỏi qua mục Phản ánh trên ứng "
        "dụng để được tư vấn miễn phí.",
    ),
    n(
        "nha-tro-cong-nhan-hung-nguyen",
        "Xóm trọ công nhân ở Hưng Nguyên sáng đèn học tiếng Anh",
        date(2026, 3, 30),
        "doi-song-cong-nhan",
        "Lớp học miễn phí do công đoàn cơ sở mở tại khu nhà trọ thu hút hơn 40 công nhân.",
        "Sau ca làm, các công nhân trẻ tranh thủ học tiếng Anh giao tiếp để có cơ hội thăng tiến.",
        organisation="cdcs-everwin",
        author="CĐCS Công ty TNHH Everwin Precision Việt Nam",
        for_own_subtree=True,
    ),
    n(
        "may-nghe-an-giai-bong-da",
        "Sôi nổi giải bóng đá nữ công nhân ngành may",
        date(2026, 4, 20),
        "hoat-dong-cong-doan",
        "8 đội bóng của các chuyền may tham gia giải chào mừng Tháng Công nhân.",
        "Giải đấu là dịp để công nhân rèn luyện sức khỏe, gắn kết sau những giờ làm việc căng thẳng.",
        organisation="cdcs-may-nghe-an",
        author="CĐCS Công ty CP May Nghệ An",
        for_own_subtree=True,
    ),
    n(
        "thang-cong-nhan-2026",
        "Khởi động Tháng Công nhân năm 2026",
        date(2026, 5, 1),
        "hoat-dong-cong-doan",
        "Trong tháng, các cấp công đoàn tổ chức khám sức khỏe, tư vấn pháp luật và chợ phiên công nhân.",
        "Lễ phát động diễn ra tại KCN Nam Cấm với sự tham gia của hơn 1.000 công nhân.",
        'Nhiều công đoàn cơ sở tổ chức chương trình "Bữa cơm Công đoàn", cùng lãnh đạo doanh nghiệp ăn bữa ca '
        "với công nhân.",
        featured=True,
    ),
    n(
        "giai-bao-chi-cong-doan-2026",
        "Phát động Giải báo chí về công nhân, công đoàn năm 2026",
        date(2026, 2, 10),
        "hoat-dong-cong-doan",
        "Giải thưởng dành cho tác phẩm phản ánh đời sống, việc làm của người lao động Nghệ An.",
        "Tác phẩm dự thi gửi về Liên đoàn Lao động tỉnh trước ngày 30/9/2026.",
    ),
    n(
        "nong-nghiep-cong-nhan-thuy-loi",
        "Công nhân thủy lợi trắng đêm chống hạn",
        date(2026, 6, 30),
        "guong-dien-hinh",
        "Công đoàn cơ sở Công ty Thủy lợi Bắc Nghệ An tổ chức ca trực, hỗ trợ bữa ăn cho công nhân trạm bơm.",
        "Suốt ba tuần nắng nóng, các trạm bơm vận hành liên tục để cấp nước cho lúa hè thu.",
        organisation="cdcs-thuy-loi-bac",
        author="CĐCS Công ty TNHH MTV Thủy lợi Bắc Nghệ An",
        for_own_subtree=True,
    ),
    n(
        "bua-com-cong-doan-truong-vinh",
        '"Bữa cơm Công đoàn" tại các doanh nghiệp phường Trường Vinh',
        date(2026, 9, 22),
        "hoat-dong-cong-doan",
        "Lãnh đạo doanh nghiệp và cán bộ công đoàn cùng ăn bữa ca, lắng nghe kiến nghị của người lao động.",
        "Qua chương trình, nhiều kiến nghị về giờ làm, nhà gửi xe và nước uống được doanh nghiệp giải quyết ngay.",
        organisation="cd-phuong-truong-vinh",
        author="Công đoàn phường Trường Vinh",
        for_own_subtree=True,
    ),
    n(
        "ung-dung-cong-doan-so",
        'Ra mắt ứng dụng "Công đoàn số Nghệ An" cho đoàn viên',
        date(2025, 11, 21),
        "hoat-dong-cong-doan",
        "Đoàn viên theo dõi thông tin công đoàn, gửi phản ánh, kiến nghị ngay trên điện thoại.",
        'Liên đoàn Lao động tỉnh ra mắt ứng dụng "Công đoàn số Nghệ An", một dấu mốc trong chuyển đổi số của tổ '
        "chức công đoàn tỉnh.",
        "Đoàn viên đăng nhập bằng số điện thoại đã đăng ký với công đoàn cơ sở.",
        featured=True,
    ),
    n(
        "ho-tro-doan-vien-bao-lu",
        "Hỗ trợ khẩn cấp đoàn viên bị thiệt hại do bão lũ",
        date(2025, 10, 3),
        "doi-song-cong-nhan",
        "Liên đoàn Lao động tỉnh trao 1,2 tỷ đồng cho 600 đoàn viên có nhà bị hư hỏng sau bão.",
        "Mỗi đoàn viên được hỗ trợ 2 triệu đồng từ nguồn tài chính công đoàn.",
    ),
    n(
        "ton-hoa-sen-sang-kien",
        "Công nhân Tôn Hoa Sen với 27 sáng kiến tiết kiệm năng lượng",
        date(2026, 8, 29),
        "guong-dien-hinh",
        "Các sáng kiến giúp doanh nghiệp tiết kiệm gần 2 tỷ đồng tiền điện mỗi năm.",
        "Công đoàn cơ sở trích quỹ thưởng cho mỗi sáng kiến được áp dụng từ 2 đến 10 triệu đồng.",
        organisation="cdcs-ton-hoa-sen",
        author="CĐCS Công ty CP Tôn Hoa Sen Nghệ An",
    ),
    n(
        "van-tai-an-toan-giao-thong-tet",
        "Công đoàn Vận tải ô tô Nghệ An tuyên truyền an toàn giao thông dịp Tết",
        date(2026, 1, 12),
        "chinh-sach-phap-luat",
        "Lái xe được nhắc lại quy định về nồng độ cồn và thời gian lái xe liên tục.",
        "Công đoàn cơ sở tổ chức buổi nói chuyện cho lái xe và nhân viên bán vé trước cao điểm Tết.",
        organisation="cdcs-van-tai-o-to",
        author="CĐCS Công ty CP Vận tải ô tô Nghệ An",
        for_own_subtree=True,
    ),
)


def seed(ctx: SeedContext) -> None:
    categories = {}
    for order, (slug, name) in enumerate(CATEGORIES):
        categories[slug], _ = NewsCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
    index = section(
        NewsIndexPage, "Tin tức", "tin-tuc", intro="Tin tức hoạt động công đoàn các cấp tỉnh Nghệ An"
    )
    orgs = Organisation.objects.in_bulk({spec.organisation for spec in NEWS}, field_name="code")
    tally = Tally()
    for number, spec in enumerate(NEWS):
        organisation = orgs[spec.organisation]
        _, created = upsert_page(
            index,
            NewsPage,
            spec.slug,
            audience=[organisation] if spec.for_own_subtree else (),
            title=spec.title,
            date=spec.day,
            author=spec.author,
            summary=spec.summary,
            organisation=organisation,
            is_featured=spec.featured,
            cover_image=demo_image(spec.title, colour_index=number),
            categories=[categories[spec.category]],
            body=[("paragraph", f"<p>{text}</p>") for text in spec.paragraphs],
        )
        tally.count(created, False)
    ctx.report(tally.describe("news articles"))


register_seeder("news", seed, after=("organisations",), order=50)
