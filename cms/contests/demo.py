"""Demo contests: two online contests with weekly rounds and a 40-question bank.

Round dates are set relative to the day the demo is first seeded, so one contest is open and the
other has closed; later runs find the pages by slug and leave them as they are. The questions
follow the texts they cite (Luật Công đoàn 2024 as amended by Luật số 97/2025/QH15 from 1 July
2025, the Confederation's own rules where the law leaves a matter to it): a later run brings a demo
question seeded with an earlier wording up to date, in place.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from cms.contests.models import (
    ContestChoice,
    ContestIndexPage,
    ContestPage,
    ContestQuestion,
    ContestRound,
)
from cms.contests.services import check_choices, check_round_pools
from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext, Tally
from cms.core.demo.content import demo_image, section, upsert_page
from cms.organisations.models import Organisation

RULES = """<p>Cuộc thi dành cho đoàn viên, người lao động đang làm việc trên địa bàn tỉnh Nghệ An. \
Mỗi tuần thi, người dự thi trả lời {drawn} câu hỏi trắc nghiệm được rút ngẫu nhiên từ ngân hàng câu hỏi \
trong thời gian tối đa {minutes} phút, và trả lời câu hỏi dự đoán số người trả lời đúng tất cả các câu hỏi.</p>
<p>Mỗi người được dự thi tối đa {attempts} lượt mỗi tuần; kết quả cao nhất được tính. Xếp hạng theo số câu trả lời đúng, \
sau đó theo độ chính xác của câu dự đoán, sau đó theo thời gian làm bài ngắn hơn.</p>"""

PRIZES = """<ul><li>Mỗi tuần: 01 giải Nhất (2.000.000 đồng), 02 giải Nhì (1.000.000 đồng), 03 giải Ba (500.000 đồng), \
10 giải Khuyến khích (200.000 đồng).</li>
<li>Giải tập thể: 03 công đoàn cấp trên trực tiếp cơ sở có tỷ lệ đoàn viên tham gia cao nhất.</li></ul>"""

# (text, [(choice, correct)], explanation)
NGHI_QUYET_XIII = [
    (
        "Đại hội XIII Công đoàn Việt Nam diễn ra vào thời gian nào?",
        [
            ("Tháng 12/2018", False),
            ("Tháng 12/2023", True),
            ("Tháng 10/2023", False),
            ("Tháng 7/2024", False),
        ],
        "Đại hội diễn ra từ ngày 01 đến 03/12/2023 tại Hà Nội.",
    ),
    (
        "Nhiệm kỳ của Đại hội XIII Công đoàn Việt Nam là:",
        [("2018 – 2023", False), ("2023 – 2028", True), ("2024 – 2029", False)],
        "Đại hội XIII là đại hội nhiệm kỳ 2023 – 2028.",
    ),
    (
        "Phương châm của Đại hội XIII Công đoàn Việt Nam là:",
        [
            ("Đổi mới – Dân chủ – Đoàn kết – Phát triển", True),
            ("Vì quyền lợi đoàn viên", False),
            ("Đổi mới sáng tạo – Vì người lao động", False),
            ("Đoàn kết – Đổi mới – Hội nhập", False),
        ],
        "Đại hội XIII Công đoàn Việt Nam (nhiệm kỳ 2023 – 2028) diễn ra với phương châm "
        "“Đổi mới – Dân chủ – Đoàn kết – Phát triển”.",
    ),
    (
        "Đại hội XIII Công đoàn Việt Nam được tổ chức tại đâu?",
        [("Thành phố Hồ Chí Minh", False), ("Đà Nẵng", False), ("Hà Nội", True)],
        "Đại hội được tổ chức tại Trung tâm Hội nghị Quốc gia, Hà Nội.",
    ),
    (
        "Ngày truyền thống của Công đoàn Việt Nam là ngày nào?",
        [("28/7/1929", True), ("01/5/1886", False), ("03/02/1930", False), ("19/5/1890", False)],
        "Ngày 28/7/1929, Tổng Công hội Đỏ Bắc Kỳ được thành lập.",
    ),
    (
        "Tổ chức tiền thân của Công đoàn Việt Nam là:",
        [
            ("Tổng Công hội Đỏ Bắc Kỳ", True),
            ("Hội Liên hiệp Công nhân", False),
            ("Tổng Liên đoàn Lao động", False),
        ],
        "Tổng Công hội Đỏ Bắc Kỳ thành lập ngày 28/7/1929.",
    ),
    (
        "Theo Nghị quyết Đại hội XIII, trung tâm của mọi hoạt động công đoàn là:",
        [
            ("Đoàn viên, người lao động", True),
            ("Doanh nghiệp", False),
            ("Cán bộ công đoàn chuyên trách", False),
        ],
        "Nghị quyết xác định lấy đoàn viên, người lao động làm trung tâm.",
    ),
    (
        "Nhiệm vụ trọng tâm hàng đầu của tổ chức công đoàn theo Nghị quyết Đại hội XIII là:",
        [
            (
                "Đại diện, chăm lo, bảo vệ quyền, lợi ích hợp pháp, chính đáng của đoàn viên, người lao động",
                True,
            ),
            ("Tổ chức các hoạt động văn hóa, thể thao", False),
            ("Quản lý tài chính công đoàn", False),
            ("Tham gia quản lý doanh nghiệp", False),
        ],
        "Đây là chức năng cơ bản được Nghị quyết nhấn mạnh.",
    ),
    (
        "Tháng Công nhân hằng năm được tổ chức vào tháng nào?",
        [("Tháng 3", False), ("Tháng 5", True), ("Tháng 7", False), ("Tháng 10", False)],
        "Tháng Công nhân được tổ chức vào tháng 5 hằng năm.",
    ),
    (
        "Chương trình “Tết Sum vầy” do tổ chức công đoàn tổ chức nhằm mục đích gì?",
        [
            ("Chăm lo Tết cho đoàn viên, người lao động có hoàn cảnh khó khăn", True),
            ("Khen thưởng doanh nghiệp có lợi nhuận cao", False),
            ("Tuyển dụng lao động sau Tết", False),
        ],
        "Tết Sum vầy chăm lo đoàn viên, người lao động dịp Tết Nguyên đán.",
    ),
    (
        "Chương trình “Mái ấm Công đoàn” hỗ trợ đoàn viên về:",
        [("Xây dựng, sửa chữa nhà ở", True), ("Học phí cho con", False), ("Vay vốn kinh doanh", False)],
        "Mái ấm Công đoàn hỗ trợ đoàn viên khó khăn về nhà ở.",
    ),
    (
        "Chủ tịch Tổng Liên đoàn Lao động Việt Nam được bầu tại Đại hội XIII là:",
        [("Nguyễn Đình Khang", True), ("Đặng Ngọc Tùng", False), ("Bùi Văn Cường", False)],
        "Tại Đại hội XIII (tháng 12/2023), Ban Chấp hành Tổng Liên đoàn khóa XIII bầu đồng chí "
        "Nguyễn Đình Khang làm Chủ tịch Tổng Liên đoàn Lao động Việt Nam khóa XIII.",
    ),
    (
        "Theo Nghị quyết Đại hội XIII, công đoàn đẩy mạnh chuyển đổi số nhằm:",
        [
            ("Đổi mới phương thức hoạt động, tiếp cận đoàn viên hiệu quả hơn", True),
            ("Thay thế toàn bộ cán bộ công đoàn", False),
            ("Chỉ để lưu trữ hồ sơ", False),
        ],
        "Chuyển đổi số giúp công đoàn đổi mới phương thức hoạt động và tiếp cận đoàn viên, người lao động "
        "hiệu quả hơn.",
    ),
    (
        "Thương lượng tập thể hướng tới kết quả là:",
        [
            ("Thỏa ước lao động tập thể có lợi hơn cho người lao động", True),
            ("Quyết định kỷ luật lao động", False),
            ("Nội quy lao động do người sử dụng lao động ban hành", False),
        ],
        "Thương lượng tập thể nhằm ký kết thỏa ước có nhiều nội dung có lợi hơn quy định của pháp luật.",
    ),
    (
        "Đối thoại tại nơi làm việc được tổ chức định kỳ ít nhất:",
        [("01 năm một lần", True), ("05 năm một lần", False), ("Chỉ khi có tranh chấp", False)],
        "Bộ luật Lao động 2019, Điều 63: đối thoại định kỳ ít nhất 01 năm một lần.",
    ),
    (
        "Công đoàn cơ sở có quyền tổ chức và lãnh đạo đình công khi nào?",
        [
            ("Khi có tranh chấp lao động tập thể về lợi ích theo quy định của pháp luật", True),
            ("Bất cứ khi nào người lao động yêu cầu", False),
            ("Khi doanh nghiệp thua lỗ", False),
        ],
        "Bộ luật Lao động 2019, Điều 198 – 199.",
    ),
    (
        "Đại hội XIII Công đoàn Việt Nam có bao nhiêu đại biểu chính thức dự?",
        [("Khoảng 1.100 đại biểu", True), ("Khoảng 300 đại biểu", False), ("Khoảng 5.000 đại biểu", False)],
        "1.100 đại biểu chính thức dự Đại hội, đại diện cho hơn 11 triệu đoàn viên công đoàn cả nước.",
    ),
    (
        "Theo Nghị quyết, phát triển đoàn viên gắn với:",
        [
            ("Thành lập công đoàn cơ sở, nâng cao chất lượng hoạt động", True),
            ("Giảm số lượng công đoàn cơ sở", False),
            ("Chỉ phát triển ở khu vực nhà nước", False),
        ],
        "Phát triển đoàn viên, thành lập công đoàn cơ sở được xác định là khâu đột phá của nhiệm kỳ "
        "2023 – 2028.",
    ),
    (
        "Cơ quan lãnh đạo cao nhất của Công đoàn Việt Nam là:",
        [
            ("Đại hội Công đoàn Việt Nam", True),
            ("Đoàn Chủ tịch Tổng Liên đoàn", False),
            ("Ban Thường vụ", False),
        ],
        "Điều lệ Công đoàn Việt Nam.",
    ),
    (
        "Nghị quyết Đại hội XIII nhấn mạnh vai trò của công đoàn trong xây dựng:",
        [
            ("Quan hệ lao động hài hòa, ổn định, tiến bộ", True),
            ("Quan hệ đối đầu với người sử dụng lao động", False),
            ("Các doanh nghiệp nhà nước mới", False),
        ],
        "Xây dựng quan hệ lao động hài hòa, ổn định, tiến bộ.",
    ),
]

LUAT_CONG_DOAN_2024 = [
    (
        "Luật Công đoàn 2024 được Quốc hội thông qua ngày nào?",
        [("27/11/2024", True), ("20/6/2012", False), ("01/7/2025", False), ("18/01/2024", False)],
        "Luật Công đoàn số 50/2024/QH15 được Quốc hội khóa XV thông qua tại kỳ họp thứ 8 ngày 27/11/2024.",
    ),
    (
        "Luật Công đoàn 2024 có hiệu lực thi hành từ ngày nào?",
        [("01/01/2025", False), ("01/7/2025", True), ("01/01/2026", False)],
        "Điều 37 Luật Công đoàn 2024.",
    ),
    (
        "Luật Công đoàn 2024 gồm bao nhiêu chương, bao nhiêu điều?",
        [("6 chương, 37 điều", True), ("6 chương, 33 điều", False), ("7 chương, 40 điều", False)],
        "Luật có 6 chương, 37 điều, nhiều hơn Luật Công đoàn 2012 bốn điều.",
    ),
    (
        "Theo Luật Công đoàn 2024, người lao động là người nước ngoài làm việc tại Việt Nam:",
        [
            (
                "Được gia nhập và hoạt động công đoàn tại công đoàn cơ sở nếu làm việc theo hợp đồng lao động "
                "có thời hạn từ đủ 12 tháng trở lên",
                True,
            ),
            ("Không được gia nhập công đoàn", False),
            ("Được thành lập công đoàn cơ sở và làm chủ tịch công đoàn cơ sở", False),
        ],
        "Điều 5 Luật Công đoàn 2024: người lao động nước ngoài làm việc theo hợp đồng lao động có thời hạn "
        "từ đủ 12 tháng trở lên được gia nhập và hoạt động công đoàn tại công đoàn cơ sở, nhưng không có "
        "quyền thành lập công đoàn và không làm cán bộ công đoàn.",
    ),
    (
        "Theo Luật Công đoàn, doanh nghiệp đóng kinh phí công đoàn bằng bao nhiêu?",
        [
            ("1% quỹ tiền lương", False),
            ("2% quỹ tiền lương làm căn cứ đóng bảo hiểm xã hội bắt buộc cho người lao động", True),
            ("3% quỹ tiền lương", False),
            ("0,5% quỹ tiền lương", False),
        ],
        "Điểm b khoản 1 Điều 29 Luật Công đoàn 2024, sửa đổi bởi Luật số 97/2025/QH15 (từ 01/7/2025): "
        "doanh nghiệp, hợp tác xã, đơn vị sự nghiệp không hưởng 100% lương từ ngân sách nhà nước và cơ "
        "quan, tổ chức, đơn vị khác có sử dụng lao động theo quy định của pháp luật đóng 2%; đơn vị sự "
        "nghiệp hưởng 100% lương từ ngân sách nhà nước không còn thuộc đối tượng đóng.",
    ),
    (
        "Mức đóng đoàn phí của đoàn viên công đoàn được quy định ở đâu?",
        [
            ("Theo Điều lệ Công đoàn Việt Nam và quy định của Tổng Liên đoàn Lao động Việt Nam", True),
            ("Luật Công đoàn quy định mức tối đa 1% tiền lương", False),
            ("Trong hợp đồng lao động của từng người", False),
            ("Trong nội quy lao động của doanh nghiệp", False),
        ],
        "Điểm a khoản 1 Điều 29 Luật Công đoàn 2024: đoàn phí do đoàn viên đóng theo quy định của Điều lệ "
        "Công đoàn Việt Nam; luật không quy định mức đóng. Từ 01/7/2025, theo Quyết định số 61/QĐ-TLĐ ngày "
        "29/7/2025 của Tổng Liên đoàn, mức đóng hằng tháng là 0,5% tiền lương (tùy khu vực là tiền lương "
        "làm căn cứ đóng bảo hiểm xã hội hoặc tiền lương thực lĩnh; một số khu vực có mức tối đa bằng 10% "
        "mức lương cơ sở).",
    ),
    (
        "Công đoàn Việt Nam là tổ chức chính trị – xã hội rộng lớn của:",
        [
            ("Giai cấp công nhân và của người lao động", True),
            ("Riêng công chức, viên chức", False),
            ("Người sử dụng lao động", False),
        ],
        "Điều 1 Luật Công đoàn 2024.",
    ),
    (
        "Theo Luật Công đoàn được sửa đổi, bổ sung năm 2025, hệ thống tổ chức Công đoàn Việt Nam gồm mấy cấp?",
        [("3 cấp", True), ("4 cấp", False), ("5 cấp", False)],
        "Khoản 1 Điều 8 Luật Công đoàn 2024, sửa đổi bởi Luật số 97/2025/QH15 (từ 01/7/2025): cấp trung "
        "ương là Tổng Liên đoàn Lao động Việt Nam; công đoàn cấp trên cơ sở; công đoàn cấp cơ sở. Trước "
        "đó, Luật Công đoàn 2024 quy định 4 cấp, có liên đoàn lao động cấp huyện.",
    ),
    (
        "Hành vi nào bị nghiêm cấm theo Luật Công đoàn 2024?",
        [
            ("Cản trở, gây khó khăn cho việc thành lập, gia nhập, hoạt động công đoàn", True),
            ("Tổ chức đối thoại định kỳ", False),
            ("Thương lượng tập thể", False),
        ],
        "Điều 10 Luật Công đoàn 2024.",
    ),
    (
        "Cán bộ công đoàn không chuyên trách được bảo đảm thời gian hoạt động công đoàn mà:",
        [
            ("Vẫn được người sử dụng lao động trả lương", True),
            ("Không được trả lương", False),
            ("Phải làm bù vào ngày nghỉ", False),
        ],
        "Khoản 2 Điều 27 Luật Công đoàn 2024: chủ tịch, phó chủ tịch công đoàn cơ sở có 24 giờ làm việc "
        "mỗi tháng, ủy viên ban chấp hành, tổ trưởng, tổ phó tổ công đoàn có 12 giờ để làm công tác công "
        "đoàn, và được người sử dụng lao động trả lương.",
    ),
    (
        "Ai đại diện cho người lao động trong thương lượng tập thể tại doanh nghiệp có công đoàn cơ sở?",
        [("Công đoàn cơ sở", True), ("Giám đốc nhân sự", False), ("Thanh tra lao động", False)],
        "Bộ luật Lao động 2019 và Luật Công đoàn 2024.",
    ),
    (
        "Công đoàn có quyền giám sát việc thực hiện chế độ, chính sách nào?",
        [
            ("Chế độ, chính sách, pháp luật liên quan đến quyền, lợi ích của người lao động", True),
            ("Kế hoạch kinh doanh của doanh nghiệp", False),
            ("Giá bán sản phẩm", False),
        ],
        "Luật Công đoàn 2024 quy định quyền giám sát, phản biện xã hội của Công đoàn về những vấn đề liên "
        "quan đến quyền, lợi ích của người lao động.",
    ),
    (
        "Luật Công đoàn 2024 thay thế luật nào?",
        [
            ("Luật Công đoàn 2012", True),
            ("Bộ luật Lao động 2019", False),
            ("Luật Bảo hiểm xã hội 2014", False),
        ],
        "Luật Công đoàn 2024 thay thế Luật Công đoàn số 12/2012/QH13 (Điều 37).",
    ),
    (
        "Người lao động có quyền gì đối với tổ chức công đoàn?",
        [
            ("Thành lập, gia nhập và hoạt động công đoàn", True),
            ("Chỉ được gia nhập khi doanh nghiệp đồng ý", False),
            ("Phải gia nhập bắt buộc", False),
        ],
        "Điều 5 Luật Công đoàn 2024.",
    ),
    (
        "Người sử dụng lao động muốn đơn phương chấm dứt hợp đồng, sa thải hoặc chuyển làm công việc khác "
        "đối với cán bộ công đoàn không chuyên trách thì phải:",
        [
            (
                "Có ý kiến thỏa thuận bằng văn bản của công đoàn cấp trên; nếu không thỏa thuận được thì báo "
                "cáo cơ quan có thẩm quyền và chỉ được quyết định sau 30 ngày",
                True,
            ),
            ("Chỉ cần thông báo miệng cho cán bộ công đoàn", False),
            ("Không cần ý kiến của tổ chức công đoàn", False),
        ],
        "Khoản 2 Điều 28 Luật Công đoàn 2024.",
    ),
    (
        "Theo quy định về tài chính của Tổng Liên đoàn, công đoàn cơ sở được sử dụng bao nhiêu phần trăm "
        "tổng số kinh phí công đoàn thu được?",
        [("75%", True), ("50%", False), ("25%", False)],
        "Tỷ lệ này do Tổng Liên đoàn Lao động Việt Nam quy định trong các văn bản về tài chính công đoàn "
        "(được nhắc lại trong hướng dẫn về công tác tài chính, tài sản của hệ thống công đoàn ngày "
        "29/8/2025), không phải do Luật Công đoàn quy định. Điều 30 Luật Công đoàn 2024 quy định việc "
        "miễn, giảm, tạm dừng đóng kinh phí công đoàn.",
    ),
    (
        "Tranh chấp về quyền công đoàn phát sinh trong quan hệ lao động được giải quyết theo:",
        [
            ("Pháp luật về lao động", True),
            ("Quyết định của người sử dụng lao động", False),
            ("Điều lệ doanh nghiệp", False),
        ],
        "Điều 35 Luật Công đoàn 2024.",
    ),
    (
        "Công đoàn tham gia với cơ quan nhà nước trong lĩnh vực nào?",
        [
            ("Xây dựng chính sách, pháp luật về lao động, công đoàn", True),
            ("Xét xử các vụ án hình sự", False),
            ("Cấp giấy phép kinh doanh", False),
        ],
        "Điều 23 Luật Công đoàn 2024: Nhà nước lấy ý kiến Công đoàn khi xây dựng chính sách, pháp luật "
        "liên quan trực tiếp đến tổ chức Công đoàn, quyền và nghĩa vụ của người lao động.",
    ),
    (
        "Theo Điều 29 Luật Công đoàn 2024, nguồn tài chính công đoàn gồm:",
        [
            ("Đoàn phí, kinh phí công đoàn, ngân sách nhà nước cấp hỗ trợ và các nguồn thu khác", True),
            ("Chỉ có đoàn phí do đoàn viên đóng", False),
            ("Chỉ có kinh phí công đoàn do doanh nghiệp đóng", False),
        ],
        "Khoản 1 Điều 29 Luật Công đoàn 2024: đoàn phí công đoàn; kinh phí công đoàn; ngân sách nhà nước "
        "cấp hỗ trợ; nguồn thu khác (hoạt động văn hóa, thể thao, kinh tế của Công đoàn, đề án, dự án do "
        "Nhà nước giao, viện trợ, tài trợ hợp pháp).",
    ),
    (
        "Doanh nghiệp gặp khó khăn phải tạm dừng sản xuất, kinh doanh có thể được xem xét tạm dừng đóng kinh "
        "phí công đoàn tối đa bao lâu?",
        [("12 tháng", True), ("6 tháng", False), ("24 tháng", False), ("Không được tạm dừng", False)],
        "Điều 30 Luật Công đoàn 2024: thời gian tạm dừng đóng không quá 12 tháng; hết thời hạn, doanh "
        "nghiệp đóng tiếp và đóng bù cho thời gian tạm dừng.",
    ),
]

# Demo questions reworded or replaced since an earlier demo, by their current text: a database
# seeded with the old wording has its question updated in place (same id) rather than kept beside
# the new one. Questions an editor added are never touched.
FORMER_TEXTS: dict[str, tuple[str, ...]] = {
    "Phương châm của Đại hội XIII Công đoàn Việt Nam là:": (
        "Khẩu hiệu hành động của Đại hội XIII Công đoàn Việt Nam là:",
    ),
    "Theo Luật Công đoàn, doanh nghiệp đóng kinh phí công đoàn bằng bao nhiêu?": (
        "Mức đóng kinh phí công đoàn của cơ quan, tổ chức, doanh nghiệp là bao nhiêu?",
    ),
    "Mức đóng đoàn phí của đoàn viên công đoàn được quy định ở đâu?": (
        "Đoàn viên công đoàn đóng đoàn phí tối đa bằng:",
    ),
    "Theo Luật Công đoàn được sửa đổi, bổ sung năm 2025, hệ thống tổ chức Công đoàn Việt Nam gồm mấy cấp?": (
        "Hệ thống tổ chức công đoàn gồm mấy cấp theo Luật Công đoàn 2024?",
    ),
    "Người sử dụng lao động muốn đơn phương chấm dứt hợp đồng, sa thải hoặc chuyển làm công việc khác "
    "đối với cán bộ công đoàn không chuyên trách thì phải:": (
        "Quyết định kỷ luật sa thải cán bộ công đoàn không chuyên trách là chủ tịch công đoàn cơ sở phải:",
    ),
    "Theo quy định về tài chính của Tổng Liên đoàn, công đoàn cơ sở được sử dụng bao nhiêu phần trăm "
    "tổng số kinh phí công đoàn thu được?": (
        "Kinh phí công đoàn được phân phối để lại cho công đoàn cơ sở tối thiểu bao nhiêu phần trăm?",
    ),
    "Tranh chấp về quyền công đoàn phát sinh trong quan hệ lao động được giải quyết theo:": (
        "Tranh chấp về quyền công đoàn được giải quyết theo:",
    ),
    "Theo Điều 29 Luật Công đoàn 2024, nguồn tài chính công đoàn gồm:": (
        "Ngân sách nhà nước hỗ trợ công đoàn trong trường hợp nào?",
    ),
    "Doanh nghiệp gặp khó khăn phải tạm dừng sản xuất, kinh doanh có thể được xem xét tạm dừng đóng kinh "
    "phí công đoàn tối đa bao lâu?": (
        "Luật Công đoàn 2024 khẳng định vai trò của công đoàn trong chuyển đổi số qua việc:",
    ),
}

CONTESTS = [
    {
        "slug": "tim-hieu-nghi-quyet-dai-hoi-xiii-cong-doan-viet-nam",
        "title": "Cuộc thi trực tuyến tìm hiểu Nghị quyết Đại hội XIII Công đoàn Việt Nam",
        "summary": "Cuộc thi trắc nghiệm trực tuyến dành cho đoàn viên, người lao động tỉnh Nghệ An, "
        "tìm hiểu Nghị quyết Đại hội XIII Công đoàn Việt Nam, nhiệm kỳ 2023 – 2028.",
        "first_week_offset": -3,  # opened three days before the demo was seeded
        "weeks": 4,
        "drawn": 10,
        "attempts": 3,
        "minutes": 20,
        "questions": NGHI_QUYET_XIII,
    },
    {
        "slug": "tim-hieu-luat-cong-doan-2024",
        "title": "Tìm hiểu Luật Công đoàn 2024",
        "summary": "Cuộc thi tìm hiểu những điểm mới của Luật Công đoàn 2024, có hiệu lực từ ngày 01/7/2025.",
        "first_week_offset": -35,  # three weekly rounds, all closed
        "weeks": 3,
        "drawn": 12,
        "attempts": 2,
        "minutes": 15,
        "questions": LUAT_CONG_DOAN_2024,
    },
]


def _rounds(spec: dict, first_monday) -> list:
    start = timezone.make_aware(
        datetime.combine(first_monday + timedelta(days=spec["first_week_offset"]), time(8, 0))
    )
    return [
        ContestRound(
            name=f"Tuần {w + 1}",
            opens_at=start + timedelta(weeks=w),
            closes_at=start + timedelta(weeks=w + 1) - timedelta(hours=1),
            questions_drawn=spec["drawn"],
            attempts_allowed=spec["attempts"],
            time_limit_minutes=spec["minutes"],
        )
        for w in range(spec["weeks"])
    ]


def seed(ctx: SeedContext) -> None:
    index = section(
        ContestIndexPage,
        "Cuộc thi",
        "cuoc-thi",
        intro="Các cuộc thi trực tuyến do tổ chức công đoàn phát động.",
    )
    contests = {page.slug: page for page in ContestPage.objects.child_of(index).only("pk", "slug")}
    first_monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    federation = None
    pages, questions = Tally(), Tally()
    for i, spec in enumerate(CONTESTS):
        contest = contests.get(spec["slug"])
        if contest is None:
            federation = federation or Organisation.objects.get(code="ldld-nghe-an")
            contest, _created = upsert_page(
                index,
                ContestPage,
                spec["slug"],
                title=spec["title"],
                summary=spec["summary"],
                organisation=federation,
                cover_image=demo_image(spec["title"], colour_index=i + 1),
                rules=RULES.format(drawn=spec["drawn"], minutes=spec["minutes"], attempts=spec["attempts"]),
                prizes=PRIZES,
                rounds=_rounds(spec, first_monday),
            )
        pages.count(spec["slug"] not in contests, False)
        bank = {
            question.text: question
            for question in ContestQuestion.objects.filter(contest=contest).prefetch_related("choices")
        }
        for text, choices, explanation in spec["questions"]:
            check_choices(choices)
            question = bank.get(text) or next(
                (bank[former] for former in FORMER_TEXTS.get(text, ()) if former in bank), None
            )
            if question is None:
                ContestQuestion(
                    contest=contest,
                    text=text,
                    explanation=explanation,
                    choices=[ContestChoice(text=choice, is_correct=correct) for choice, correct in choices],
                ).save()
                questions.count(True, True)
            else:
                questions.count(False, _bring_up_to_date(question, text, choices, explanation))
        check_round_pools(contest)
    ctx.report(pages.describe("contests"))
    ctx.report(questions.describe("contest questions"))


def _bring_up_to_date(question: ContestQuestion, text: str, choices, explanation: str) -> bool:
    """Give a demo question its current wording, answers and explanation; whether it changed.

    The question keeps its id (a later attempt records the ids it drew); its choices are
    replaced only when they differ.
    """
    current = (question.text, question.explanation, [(c.text, c.is_correct) for c in question.choices.all()])
    if current == (text, explanation, list(choices)):
        return False
    question.text, question.explanation = text, explanation
    question.choices = [ContestChoice(text=choice, is_correct=correct) for choice, correct in choices]
    question.save()
    return True


register_seeder("contests", seed, after=("organisations",), order=80)

# The entries (attempts, rankings) have their own module and seeder, after the members.
from cms.contests import demo_entries  # noqa: E402, F401
