"""Thirty demo news articles (tin tức) from the federation and from upper-level and grassroots unions.

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
    author: str = "Ban Tuyên giáo LĐLĐ tỉnh"
    featured: bool = False
    for_own_subtree: bool = False  # audience = the publishing organisation's subtree


def n(slug, title, day, category, summary, *paragraphs, **extra) -> NewsSpec:
    return NewsSpec(slug, title, day, category, summary, tuple(paragraphs), **extra)


NEWS: tuple[NewsSpec, ...] = (
    n(
        "hoi-nghi-ban-chap-hanh-lan-thu-18",
        "Hội nghị Ban Chấp hành LĐLĐ tỉnh lần thứ 12, khóa XIX",
        date(2026, 11, 20),
        "hoat-dong-cong-doan",
        "Hội nghị đánh giá kết quả công tác công đoàn năm 2026 và thống nhất nhiệm vụ trọng tâm năm 2027.",
        "Ngày 20/11, Ban Chấp hành Liên đoàn Lao động tỉnh Nghệ An tổ chức Hội nghị lần thứ 12, khóa XIX, đánh giá kết quả "
        "thực hiện nhiệm vụ năm 2026 và bàn phương hướng năm 2027.",
        "Năm 2026, các cấp công đoàn trong tỉnh đã kết nạp mới hơn 9.000 đoàn viên, thành lập 46 công đoàn cơ sở; "
        "tổ chức thăm hỏi, hỗ trợ gần 40.000 lượt đoàn viên, người lao động có hoàn cảnh khó khăn.",
        'Hội nghị thống nhất chọn năm 2027 là "Năm phát triển đoàn viên trong doanh nghiệp ngoài nhà nước".',
        featured=True,
    ),
    n(
        "tet-sum-vay-xuan-binh-ngo-2026",
        '"Tết Sum vầy" Xuân Bính Ngọ 2026: hơn 12.000 suất quà đến với công nhân',
        date(2026, 1, 25),
        "doi-song-cong-nhan",
        'Chương trình "Tết Sum vầy" năm nay dành hơn 12.000 suất quà và 300 vé xe miễn phí cho đoàn viên về quê đón Tết.',
        'Tại Khu công nghiệp VSIP Nghệ An, LĐLĐ tỉnh phối hợp với các doanh nghiệp tổ chức chương trình "Tết Sum vầy" '
        "với gian hàng 0 đồng, văn nghệ và trao quà cho công nhân có hoàn cảnh khó khăn.",
        "Tổng kinh phí chương trình trên 8 tỷ đồng, trong đó nguồn xã hội hóa chiếm gần một nửa.",
        featured=True,
    ),
    n(
        "tap-huan-luat-cong-doan-2024",
        "Tập huấn Luật Công đoàn năm 2024 cho cán bộ công đoàn cơ sở",
        date(2026, 3, 12),
        "chinh-sach-phap-luat",
        "Gần 400 chủ tịch công đoàn cơ sở được tập huấn những điểm mới của Luật Công đoàn năm 2024.",
        "Luật Công đoàn năm 2024 có hiệu lực từ ngày 01/7/2025, mở rộng đối tượng được gia nhập công đoàn và quy định rõ "
        "hơn quyền, trách nhiệm của công đoàn trong đại diện, bảo vệ người lao động.",
        "Các học viên được hướng dẫn thực hành đối thoại, thương lượng tập thể tại doanh nghiệp.",
    ),
    n(
        "muc-luong-toi-thieu-vung-2026",
        "Mức lương tối thiểu vùng áp dụng từ ngày 01/01/2026",
        date(2025, 12, 5),
        "chinh-sach-phap-luat",
        "Nghị định mới điều chỉnh tăng lương tối thiểu vùng khoảng 7,2%; công đoàn cơ sở giám sát việc thực hiện.",
        "Theo Nghị định của Chính phủ, mức lương tối thiểu vùng tăng bình quân 7,2% so với trước. Các địa bàn của "
        "Nghệ An áp dụng mức vùng II, III và IV.",
        "LĐLĐ tỉnh đề nghị công đoàn cơ sở rà soát thang lương, bảng lương và thỏa ước lao động tập thể để bảo đảm "
        "quyền lợi của người lao động.",
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
        date(2025, 6, 14),
        "dai-hoi",
        "Đại hội bầu Ban Chấp hành 11 đồng chí, đề ra mục tiêu 100% người lao động là đoàn viên.",
        "Đại hội diễn ra trong không khí dân chủ, với 150 đại biểu đại diện cho hơn 9.000 đoàn viên.",
        "Đại hội thông qua chương trình hành động tập trung vào thương lượng tiền lương, bữa ăn ca và nhà ở.",
        organisation="cdcs-luxshare",
        author="CĐCS Công ty TNHH Luxshare-ICT Nghệ An",
    ),
    n(
        "bua-an-ca-kcn-2026",
        "Nâng chất lượng bữa ăn ca tại các khu công nghiệp",
        date(2026, 5, 20),
        "doi-song-cong-nhan",
        "Công đoàn các Khu kinh tế, công nghiệp kiểm tra bữa ăn ca tại 25 doanh nghiệp.",
        "Đoàn kiểm tra ghi nhận đa số doanh nghiệp bảo đảm giá trị bữa ăn từ 25.000 đồng trở lên.",
        "Qua đối thoại, 6 doanh nghiệp đã cam kết tăng giá trị bữa ăn ca từ tháng 7/2026.",
        organisation="cd-kkt-kcn",
        author="Công đoàn các Khu kinh tế, công nghiệp",
        for_own_subtree=True,
    ),
    n(
        "doi-thoai-vsip-2026",
        "Đối thoại giữa công nhân và lãnh đạo doanh nghiệp KCN VSIP",
        date(2026, 8, 8),
        "hoat-dong-cong-doan",
        "Hơn 200 công nhân trực tiếp nêu kiến nghị về tiền lương, nhà trọ và giờ làm thêm.",
        "Buổi đối thoại do Công đoàn các Khu kinh tế, công nghiệp tỉnh phối hợp Ban Quản lý KKT Đông Nam tổ chức.",
        "Các kiến nghị đã được doanh nghiệp trả lời tại chỗ hoặc cam kết giải quyết trong quý IV.",
        organisation="cd-kkt-kcn",
        author="Công đoàn các Khu kinh tế, công nghiệp",
    ),
    n(
        "mai-am-cong-doan-2026",
        'Trao 50 "Mái ấm Công đoàn" cho đoàn viên khó khăn về nhà ở',
        date(2026, 7, 27),
        "doi-song-cong-nhan",
        "Mỗi mái ấm được hỗ trợ từ 50 đến 70 triệu đồng từ Quỹ Xã hội công đoàn tỉnh.",
        "Nhân dịp kỷ niệm Ngày Thương binh – Liệt sĩ, LĐLĐ tỉnh trao quyết định hỗ trợ xây, sửa 50 Mái ấm Công đoàn.",
        "Từ năm 2015 đến nay, chương trình đã hỗ trợ hơn 900 mái ấm cho đoàn viên trong tỉnh.",
        featured=True,
    ),
    n(
        "thoa-uoc-nganh-giao-duc-2026",
        "Ký kết thỏa ước lao động tập thể ngành Giáo dục giai đoạn 2026–2028",
        date(2026, 9, 5),
        "chinh-sach-phap-luat",
        "Thỏa ước có nhiều điều khoản có lợi hơn quy định của pháp luật cho nhà giáo và người lao động.",
        "Thỏa ước quy định hỗ trợ giáo viên công tác vùng khó khăn, chế độ nghỉ dưỡng và thăm hỏi ốm đau.",
        "Đây là thỏa ước ngành thứ ba được ký kết trên địa bàn tỉnh.",
        organisation="cd-nganh-giao-duc",
        author="Công đoàn ngành Giáo dục",
        for_own_subtree=True,
    ),
    n(
        "hoi-thi-giao-vien-gioi-2026",
        "Công đoàn ngành Giáo dục khen thưởng 120 giáo viên dạy giỏi",
        date(2026, 11, 19),
        "guong-dien-hinh",
        "Nhân ngày Nhà giáo Việt Nam 20/11, 120 giáo viên được tặng Bằng khen và Giấy khen.",
        'Các nhà giáo được khen thưởng có thành tích xuất sắc trong phong trào "Giỏi việc trường, đảm việc nhà".',
        organisation="cd-nganh-giao-duc",
        author="Công đoàn ngành Giáo dục",
    ),
    n(
        "thpt-htk-nha-giao-tam-huyet",
        "Thầy Hồ Văn Đức: 30 năm đứng lớp và những học trò đặc biệt",
        date(2026, 11, 15),
        "guong-dien-hinh",
        "Chủ tịch công đoàn trường THPT Huỳnh Thúc Kháng và câu chuyện kèm cặp học sinh nghèo vượt khó.",
        "Ngoài giờ lên lớp, thầy Đức cùng công đoàn trường vận động học bổng cho hơn 60 học sinh khó khăn.",
        organisation="cdcs-thpt-huynh-thuc-khang",
        author="Công đoàn Trường THPT Huỳnh Thúc Kháng",
        for_own_subtree=True,
    ),
    n(
        "y-te-an-toan-ve-sinh-lao-dong",
        "Công đoàn ngành Y tế hưởng ứng Tháng hành động về an toàn, vệ sinh lao động",
        date(2026, 5, 6),
        "hoat-dong-cong-doan",
        "Các bệnh viện rà soát nguy cơ phơi nhiễm nghề nghiệp, tập huấn sơ cấp cứu cho nhân viên.",
        'Năm nay, chủ đề Tháng hành động là "Tăng cường phòng ngừa tai nạn lao động trong môi trường y tế".',
        organisation="cd-nganh-y-te",
        author="Công đoàn ngành Y tế",
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
        "cong-thuong-ky-thoa-uoc-nhom",
        "Ký thỏa ước lao động tập thể nhóm doanh nghiệp ngành Công thương",
        date(2026, 6, 18),
        "chinh-sach-phap-luat",
        "12 doanh nghiệp cùng ký thỏa ước nhóm, hơn 6.000 người lao động được hưởng lợi.",
        "Thỏa ước quy định tiền ăn ca tối thiểu 30.000 đồng, hỗ trợ nhà trọ và quà sinh nhật cho đoàn viên.",
        organisation="cd-nganh-cong-thuong",
        author="Công đoàn ngành Công thương",
    ),
    n(
        "dai-hoi-diem-cdcs-mn-hoa-hong",
        "Đại hội điểm Công đoàn Trường Mầm non Hoa Hồng nhiệm kỳ 2023–2028",
        date(2023, 4, 15),
        "dai-hoi",
        "Đại hội điểm của khối giáo dục, rút kinh nghiệm cho hơn 300 công đoàn trường học trong tỉnh.",
        "Đại hội bầu trực tiếp chủ tịch công đoàn tại đại hội, với tỷ lệ tín nhiệm 100%.",
        "Các nội dung được chuẩn bị chu đáo: báo cáo ngắn gọn, thảo luận tập trung vào chế độ cho giáo viên mầm non.",
        organisation="cdcs-mn-hoa-hong",
        author="Công đoàn Trường Mầm non Hoa Hồng",
    ),
    n(
        "dai-hoi-cd-kkt-kcn-2025",
        "Đại hội Công đoàn các Khu kinh tế, công nghiệp nhiệm kỳ 2025–2030",
        date(2025, 5, 22),
        "dai-hoi",
        "Đại hội xác định phát triển đoàn viên trong doanh nghiệp FDI là nhiệm vụ then chốt.",
        "Nhiệm kỳ qua, số đoàn viên trong các khu công nghiệp tăng gần gấp đôi nhờ làn sóng đầu tư mới.",
        organisation="cd-kkt-kcn",
        author="Công đoàn các Khu kinh tế, công nghiệp",
    ),
    n(
        "phat-trien-doan-vien-fdi",
        "Phát triển đoàn viên trong doanh nghiệp có vốn đầu tư nước ngoài",
        date(2026, 10, 10),
        "hoat-dong-cong-doan",
        "9 tháng đầu năm, toàn tỉnh kết nạp 6.800 đoàn viên, chủ yếu tại các doanh nghiệp FDI.",
        "Cán bộ công đoàn đến tận nhà trọ, khu tập thể để tuyên truyền, vận động công nhân gia nhập công đoàn.",
        "LĐLĐ tỉnh thưởng cho các công đoàn cơ sở kết nạp từ 100 đoàn viên trở lên trong năm.",
    ),
    n(
        "bao-hiem-xa-hoi-mot-lan",
        "Những điều người lao động cần biết trước khi rút bảo hiểm xã hội một lần",
        date(2026, 4, 2),
        "chinh-sach-phap-luat",
        "Luật Bảo hiểm xã hội năm 2024 thay đổi điều kiện hưởng bảo hiểm xã hội một lần từ ngày 01/7/2025.",
        "Rút bảo hiểm xã hội một lần khiến người lao động mất quyền hưởng lương hưu và thẻ bảo hiểm y tế sau này.",
        "Đoàn viên có thể liên hệ đường dây nóng tư vấn pháp luật của LĐLĐ tỉnh để được giải đáp.",
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
        author="CĐCS Tổng Công ty May Nghệ An",
        for_own_subtree=True,
    ),
    n(
        "thang-cong-nhan-2026",
        "Khởi động Tháng Công nhân năm 2026",
        date(2026, 5, 1),
        "hoat-dong-cong-doan",
        'Chủ đề năm nay: "Đoàn viên công đoàn đổi mới, sáng tạo, nâng cao năng suất lao động".',
        "Lễ phát động diễn ra tại KCN Nam Cấm với sự tham gia của hơn 1.000 công nhân.",
        "Trong tháng, các cấp công đoàn tổ chức khám sức khỏe, tư vấn pháp luật và chợ phiên công nhân.",
        featured=True,
    ),
    n(
        "giai-bao-chi-cong-doan-2026",
        "Phát động Giải báo chí về công nhân, công đoàn năm 2026",
        date(2026, 2, 10),
        "hoat-dong-cong-doan",
        "Giải thưởng dành cho tác phẩm phản ánh đời sống, việc làm của người lao động Nghệ An.",
        "Tác phẩm dự thi gửi về Ban Tuyên giáo LĐLĐ tỉnh trước ngày 30/9/2026.",
    ),
    n(
        "nong-nghiep-cong-nhan-thuy-loi",
        "Công nhân thủy lợi trắng đêm chống hạn",
        date(2026, 6, 30),
        "guong-dien-hinh",
        "Công đoàn cơ sở Công ty Thủy lợi Bắc Nghệ An tổ chức ca trực, hỗ trợ bữa ăn cho công nhân trạm bơm.",
        "Suốt ba tuần nắng nóng, các trạm bơm vận hành liên tục để cấp nước cho 20.000 ha lúa hè thu.",
        organisation="cdcs-thuy-loi-bac",
        author="CĐCS Công ty TNHH MTV Thủy lợi Bắc Nghệ An",
        for_own_subtree=True,
    ),
    n(
        "cong-doan-vien-chuc-chuyen-doi-so",
        "Công đoàn Viên chức tỉnh đẩy mạnh chuyển đổi số",
        date(2026, 9, 22),
        "hoat-dong-cong-doan",
        "100% công đoàn cơ sở trực thuộc dùng phần mềm quản lý đoàn viên và ứng dụng Công đoàn số.",
        "Việc số hóa giúp thủ tục chuyển sinh hoạt công đoàn, cấp thẻ đoàn viên nhanh hơn.",
        organisation="cd-vien-chuc",
        author="Công đoàn Viên chức tỉnh",
    ),
    n(
        "ung-dung-cong-doan-so",
        'Ra mắt ứng dụng "Công đoàn số" cho đoàn viên Nghệ An',
        date(2026, 11, 25),
        "hoat-dong-cong-doan",
        "Đoàn viên có thể nhận thông báo, văn bản, gửi phản ánh và tham gia cuộc thi ngay trên điện thoại.",
        "Ứng dụng được xây dựng trên nền tảng dữ liệu đoàn viên thống nhất toàn tỉnh.",
        "Đoàn viên đăng nhập bằng số điện thoại đã đăng ký với công đoàn cơ sở.",
        featured=True,
    ),
    n(
        "ho-tro-doan-vien-bao-lu",
        "Hỗ trợ khẩn cấp đoàn viên bị thiệt hại do bão lũ",
        date(2025, 10, 3),
        "doi-song-cong-nhan",
        "LĐLĐ tỉnh trao 1,2 tỷ đồng cho 600 đoàn viên có nhà bị hư hỏng sau bão.",
        "Mỗi đoàn viên được hỗ trợ 2 triệu đồng từ Quỹ Xã hội công đoàn và nguồn Tổng Liên đoàn phân bổ.",
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
        "huong-dan-dai-hoi-cdcs-2027",
        "Hướng dẫn tổ chức đại hội công đoàn cơ sở nhiệm kỳ 2027–2032",
        date(2026, 10, 28),
        "dai-hoi",
        "LĐLĐ tỉnh hướng dẫn quy trình, nhân sự và thời gian tổ chức đại hội công đoàn cơ sở.",
        "Đại hội công đoàn cơ sở hoàn thành trước ngày 30/6/2027; khuyến khích bầu trực tiếp chủ tịch tại đại hội.",
        "Các công đoàn cấp trên cơ sở chỉ đạo điểm đại hội tại ít nhất một đơn vị trong quý I/2027.",
    ),
    n(
        "giao-thong-an-toan-tet",
        "Công đoàn ngành Giao thông vận tải tuyên truyền an toàn giao thông dịp Tết",
        date(2026, 1, 12),
        "chinh-sach-phap-luat",
        "Lái xe, nhân viên nhà ga được nhắc lại quy định về nồng độ cồn và thời gian lái xe liên tục.",
        "Công đoàn ngành phát 2.000 tờ rơi và tổ chức 15 buổi nói chuyện tại các doanh nghiệp vận tải.",
        organisation="cd-nganh-gtvt",
        author="Công đoàn ngành Giao thông vận tải",
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
