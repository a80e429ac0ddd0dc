"""Demo legal consultations: 25 questions members really ask, answered with their legal basis.

Citations follow the instruments in force in 2026: Bộ luật Lao động 2019 (45/2019/QH14, from
1/1/2021), Luật Bảo hiểm xã hội 2024 (41/2024/QH15, from 1/7/2025), Luật Công đoàn 2024
(50/2024/QH15, from 1/7/2025), Nghị định 145/2020/NĐ-CP. Two answers still cite a replaced
instrument, so the "outdated legal basis" flag has something to show. Demo text, not legal advice.
"""

from __future__ import annotations

from datetime import date

from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext, Tally, upsert
from cms.core.demo.content import section, upsert_page
from cms.legal.models import LegalBasis, LegalLibraryPage, LegalScenarioPage, LegalTopic
from cms.organisations.models import Organisation

ROOT_CODE = "ldld-nghe-an"
REVIEWER = "Trung tâm Tư vấn pháp luật Công đoàn tỉnh Nghệ An"

TOPICS = [
    ("hop-dong-lao-dong", "Hợp đồng lao động"),
    ("tien-luong", "Tiền lương"),
    ("thoi-gio-lam-viec", "Thời giờ làm việc, làm thêm giờ"),
    ("bao-hiem-xa-hoi", "Bảo hiểm xã hội"),
    ("thai-san", "Thai sản"),
    ("ky-luat-sa-thai", "Kỷ luật lao động, sa thải"),
    ("an-toan-ve-sinh-lao-dong", "An toàn, vệ sinh lao động"),
    ("quyen-cong-doan", "Quyền của đoàn viên và công đoàn"),
]

# instrument code → (name, valid from, valid until)
INSTRUMENTS = {
    "45/2019/QH14": ("Bộ luật Lao động 2019", date(2021, 1, 1), None),
    "10/2012/QH13": ("Bộ luật Lao động 2012", date(2013, 5, 1), date(2020, 12, 31)),
    "41/2024/QH15": ("Luật Bảo hiểm xã hội 2024", date(2025, 7, 1), None),
    "58/2014/QH13": ("Luật Bảo hiểm xã hội 2014", date(2016, 1, 1), date(2025, 6, 30)),
    "50/2024/QH15": ("Luật Công đoàn 2024", date(2025, 7, 1), None),
    "145/2020/NĐ-CP": (
        "Nghị định 145/2020/NĐ-CP hướng dẫn Bộ luật Lao động về điều kiện lao động và quan hệ lao động",
        date(2021, 2, 1),
        None,
    ),
    "84/2015/QH13": ("Luật An toàn, vệ sinh lao động 2015", date(2016, 7, 1), None),
}


def B(code: str, article: str, clause: str = "", point: str = "", excerpt: str = "") -> dict:
    name, valid_from, valid_until = INSTRUMENTS[code]
    return {
        "instrument_code": code,
        "instrument_name": name,
        "article": article,
        "clause": clause,
        "point": point,
        "excerpt": excerpt,
        "valid_from": valid_from,
        "valid_until": valid_until,
    }


# slug, title, topics, asker, situation, question, answer (HTML), bases
SCENARIOS = [
    (
        "thu-viec-toi-da-bao-lau",
        "Thời gian thử việc tối đa là bao lâu?",
        ["hop-dong-lao-dong"],
        "Công nhân KCN Nam Cấm hỏi",
        "Tôi vào làm công nhân may, công ty bắt thử việc 3 tháng với lương bằng 70% lương chính thức.",
        "Công ty yêu cầu thử việc 3 tháng, hưởng 70% lương có đúng luật không?",
        "<p>Không đúng. Với công việc cần trình độ chuyên môn kỹ thuật từ trung cấp trở xuống, thời gian thử việc <b>không quá 06 ngày làm việc</b> đối với công việc khác, không quá 30 ngày với công việc cần trình độ trung cấp. Tiền lương thử việc <b>ít nhất bằng 85%</b> mức lương của công việc đó.</p>",
        [B("45/2019/QH14", "25", "3"), B("45/2019/QH14", "26")],
    ),
    (
        "hop-dong-mieng-co-gia-tri",
        "Hợp đồng lao động bằng lời nói có giá trị không?",
        ["hop-dong-lao-dong"],
        "Lao động tự do tại phường Trường Vinh hỏi",
        "Tôi làm phụ hồ theo thỏa thuận miệng với chủ thầu, công việc kéo dài khoảng 5 tháng.",
        "Làm 5 tháng mà chỉ thỏa thuận miệng thì có đúng quy định không?",
        "<p>Hợp đồng bằng lời nói chỉ được giao kết với hợp đồng có thời hạn <b>dưới 01 tháng</b> (trừ một số trường hợp). Công việc kéo dài 5 tháng phải giao kết bằng văn bản hoặc thông điệp dữ liệu điện tử.</p>",
        [B("45/2019/QH14", "14", "2")],
    ),
    (
        "hop-dong-xac-dinh-thoi-han-lan-thu-ba",
        "Ký hợp đồng xác định thời hạn lần thứ ba",
        ["hop-dong-lao-dong"],
        "Đoàn viên Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An hỏi",
        "Tôi đã ký hai hợp đồng 12 tháng liên tiếp, nay công ty đề nghị ký tiếp hợp đồng 12 tháng.",
        "Công ty có được ký tiếp hợp đồng xác định thời hạn lần thứ ba không?",
        "<p>Không. Sau khi đã ký hai lần hợp đồng xác định thời hạn mà người lao động vẫn tiếp tục làm việc thì phải ký <b>hợp đồng không xác định thời hạn</b> (trừ một số trường hợp đặc thù).</p>",
        [B("45/2019/QH14", "20", "2", "c")],
    ),
    (
        "don-phuong-cham-dut-khong-bao-truoc",
        "Nghỉ việc không cần báo trước trong trường hợp nào?",
        ["hop-dong-lao-dong"],
        "Công nhân KCN Bắc Vinh hỏi",
        "Công ty chậm trả lương 2 tháng liên tiếp, tôi muốn nghỉ ngay.",
        "Tôi có được nghỉ việc ngay mà không cần báo trước không?",
        "<p>Có. Người lao động có quyền đơn phương chấm dứt hợp đồng <b>không cần báo trước</b> khi không được trả đủ lương hoặc trả lương không đúng thời hạn, trừ trường hợp bất khả kháng.</p>",
        [B("45/2019/QH14", "35", "2", "b")],
    ),
    (
        "tien-luong-ngung-viec-do-mat-dien",
        "Tiền lương ngừng việc do mất điện",
        ["tien-luong"],
        "Công nhân KCN Nam Cấm hỏi",
        "Nhà máy mất điện 3 ngày, công ty cho công nhân nghỉ và nói không trả lương.",
        "Những ngày ngừng việc do mất điện có được trả lương không?",
        "<p>Có. Ngừng việc vì sự cố điện, nước không do lỗi của người sử dụng lao động thì hai bên thỏa thuận tiền lương; nếu ngừng việc <b>từ 14 ngày làm việc trở xuống</b> thì tiền lương thỏa thuận không thấp hơn lương tối thiểu vùng.</p>",
        [B("45/2019/QH14", "99", "3", "a")],
    ),
    (
        "tra-luong-cham-co-duoc-den-bu",
        "Công ty trả lương chậm có phải đền bù không?",
        ["tien-luong"],
        "Đoàn viên Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An hỏi",
        "Tháng này công ty trả lương chậm 20 ngày so với ngày trả lương đã thỏa thuận.",
        "Trả lương chậm như vậy công ty có phải đền bù cho người lao động không?",
        "<p>Có. Nếu trả lương chậm <b>từ 15 ngày trở lên</b>, người sử dụng lao động phải đền bù một khoản tiền ít nhất bằng số tiền lãi của số tiền trả chậm, tính theo lãi suất huy động tiền gửi kỳ hạn 01 tháng.</p>",
        [B("45/2019/QH14", "97", "4")],
    ),
    (
        "luong-toi-thieu-vung-nghe-an",
        "Lương tối thiểu vùng tại Nghệ An",
        ["tien-luong"],
        "Công nhân may tại xã Diễn Châu hỏi",
        "Tôi làm việc tại xã Diễn Châu, công ty trả lương cơ bản thấp hơn đồng nghiệp ở Vinh.",
        "Mức lương thấp nhất công ty phải trả được xác định thế nào?",
        "<p>Mức lương trả cho người lao động làm công việc giản đơn nhất trong điều kiện bình thường không được thấp hơn <b>mức lương tối thiểu vùng</b> do Chính phủ công bố; mỗi địa bàn thuộc một vùng khác nhau.</p>",
        [B("45/2019/QH14", "90", "2"), B("45/2019/QH14", "91")],
    ),
    (
        "lam-them-gio-toi-da",
        "Giới hạn số giờ làm thêm",
        ["thoi-gio-lam-viec"],
        "Công nhân KCN VSIP Nghệ An hỏi",
        "Vào mùa cao điểm, công ty yêu cầu tăng ca 4 giờ mỗi ngày, kéo dài cả tháng.",
        "Công ty có được yêu cầu làm thêm 4 giờ mỗi ngày liên tục không?",
        "<p>Không. Số giờ làm thêm không quá <b>50% số giờ làm việc bình thường trong 01 ngày</b>, không quá <b>40 giờ trong 01 tháng</b> và không quá 200 giờ trong 01 năm (300 giờ với một số ngành nghề). Làm thêm phải được người lao động đồng ý.</p>",
        [B("45/2019/QH14", "107", "2", "a"), B("45/2019/QH14", "107", "2", "b")],
    ),
    (
        "tien-luong-lam-them-ngay-le",
        "Tiền lương làm thêm vào ngày lễ",
        ["thoi-gio-lam-viec", "tien-luong"],
        "Đoàn viên Công đoàn ngành Y tế hỏi",
        "Tôi trực ca vào ngày Quốc khánh 2/9.",
        "Làm việc vào ngày lễ được trả lương như thế nào?",
        "<p>Làm thêm vào ngày lễ, tết, ngày nghỉ có hưởng lương được trả <b>ít nhất bằng 300%</b>, chưa kể tiền lương ngày lễ, tết đối với người hưởng lương ngày.</p>",
        [B("45/2019/QH14", "98", "1", "c")],
    ),
    (
        "nghi-giua-ca-ca-dem",
        "Nghỉ giữa giờ khi làm ca đêm",
        ["thoi-gio-lam-viec"],
        "Công nhân KCN Hoàng Mai hỏi",
        "Tôi làm ca đêm 8 tiếng liên tục, chỉ được nghỉ 15 phút ăn giữa ca.",
        "Làm ca đêm được nghỉ giữa giờ bao lâu?",
        "<p>Người làm việc từ 06 giờ trở lên trong một ngày được nghỉ giữa giờ ít nhất 30 phút liên tục; <b>làm việc ban đêm thì ít nhất 45 phút liên tục</b>.</p>",
        [B("45/2019/QH14", "109", "1")],
    ),
    (
        "nghi-phep-nam-chua-nghi-het",
        "Ngày nghỉ phép năm chưa nghỉ hết khi thôi việc",
        ["thoi-gio-lam-viec"],
        "Công nhân KCN Nam Cấm hỏi",
        "Tôi nghỉ việc vào tháng 10, còn 5 ngày phép năm chưa nghỉ.",
        "Những ngày phép chưa nghỉ có được công ty thanh toán không?",
        "<p>Có. Người lao động thôi việc mà chưa nghỉ hằng năm hoặc chưa nghỉ hết số ngày nghỉ hằng năm thì được <b>người sử dụng lao động thanh toán tiền lương</b> cho những ngày chưa nghỉ.</p>",
        [B("45/2019/QH14", "113", "3")],
    ),
    (
        "nghi-thai-san-6-thang",
        "Lao động nữ được nghỉ thai sản bao lâu?",
        ["thai-san", "bao-hiem-xa-hoi"],
        "Công nhân nữ KCN Bắc Vinh hỏi",
        "Tôi sắp sinh con đầu lòng, đã đóng bảo hiểm xã hội được 2 năm.",
        "Tôi được nghỉ thai sản bao lâu và được hưởng những gì?",
        "<p>Lao động nữ được nghỉ thai sản <b>trước và sau khi sinh con là 06 tháng</b>; thời gian nghỉ trước khi sinh không quá 02 tháng. Sinh đôi trở lên thì từ con thứ hai, mỗi con được nghỉ thêm 01 tháng. Trong thời gian này được hưởng chế độ thai sản từ quỹ bảo hiểm xã hội.</p>",
        [B("45/2019/QH14", "139", "1"), B("41/2024/QH15", "53", "1")],
    ),
    (
        "sinh-doi-nghi-them",
        "Sinh đôi được nghỉ thai sản thêm bao lâu?",
        ["thai-san"],
        "Đoàn viên Công đoàn Trường Mầm non Hoa Hồng hỏi",
        "Tôi vừa sinh đôi hai bé trai.",
        "Sinh đôi thì thời gian nghỉ thai sản được tính thế nào?",
        "<p>Ngoài 06 tháng nghỉ thai sản, từ con thứ hai trở đi, <b>mỗi con được nghỉ thêm 01 tháng</b>. Như vậy chị được nghỉ 07 tháng.</p>",
        [B("45/2019/QH14", "139", "1"), B("41/2024/QH15", "53", "1")],
    ),
    (
        "chong-nghi-khi-vo-sinh",
        "Chồng được nghỉ bao nhiêu ngày khi vợ sinh con?",
        ["thai-san", "bao-hiem-xa-hoi"],
        "Công nhân Công ty CP Tôn Hoa Sen Nghệ An hỏi",
        "Vợ tôi sinh mổ, tôi đang đóng bảo hiểm xã hội ở công ty.",
        "Lao động nam được nghỉ bao nhiêu ngày khi vợ sinh mổ?",
        "<p>Lao động nam đang đóng bảo hiểm xã hội được nghỉ <b>07 ngày làm việc</b> khi vợ sinh con phải phẫu thuật hoặc sinh con dưới 32 tuần tuổi (05 ngày nếu sinh thường). Thời gian nghỉ trong vòng 60 ngày kể từ ngày vợ sinh và có thể nghỉ nhiều lần.</p>",
        [B("41/2024/QH15", "53", "2")],
    ),
    (
        "khong-duoc-sa-thai-khi-mang-thai",
        "Công ty có được cho nghỉ việc khi tôi đang mang thai?",
        ["thai-san", "ky-luat-sa-thai"],
        "Công nhân nữ KCN Nam Cấm hỏi",
        "Tôi mang thai tháng thứ 4, công ty thông báo chấm dứt hợp đồng vì tái cơ cấu.",
        "Công ty có được chấm dứt hợp đồng khi tôi đang mang thai không?",
        "<p>Người sử dụng lao động <b>không được</b> sa thải, đơn phương chấm dứt hợp đồng lao động vì lý do lao động nữ kết hôn, mang thai, nghỉ thai sản, nuôi con dưới 12 tháng tuổi (trừ trường hợp người sử dụng lao động chấm dứt hoạt động).</p>",
        [B("45/2019/QH14", "137", "3")],
    ),
    (
        "dieu-kien-huong-thai-san-cu",
        "Điều kiện hưởng chế độ thai sản khi sinh con",
        ["thai-san", "bao-hiem-xa-hoi"],
        "Công nhân nữ KCN Hoàng Mai hỏi",
        "Tôi đóng bảo hiểm xã hội được 5 tháng trong 12 tháng trước khi sinh.",
        "Tôi có đủ điều kiện hưởng chế độ thai sản không?",
        "<p>Phải đóng bảo hiểm xã hội <b>từ đủ 06 tháng trở lên</b> trong thời gian 12 tháng trước khi sinh con. Chị mới đóng 5 tháng nên chưa đủ điều kiện.</p><p><i>Ghi chú biên tập: câu trả lời này còn dẫn Luật BHXH 2014 đã hết hiệu lực, cần rà soát theo Luật BHXH 2024.</i></p>",
        [B("58/2014/QH13", "31", "2")],
    ),
    (
        "rut-bhxh-mot-lan",
        "Có nên rút bảo hiểm xã hội một lần?",
        ["bao-hiem-xa-hoi"],
        "Công nhân KCN Bắc Vinh hỏi",
        "Tôi nghỉ việc được 12 tháng, đã đóng bảo hiểm xã hội 8 năm.",
        "Tôi có được rút bảo hiểm xã hội một lần không?",
        "<p>Theo Luật Bảo hiểm xã hội 2024, người tham gia trước ngày 01/7/2025 sau <b>12 tháng</b> không thuộc diện đóng bắt buộc, không tham gia tự nguyện và có thời gian đóng dưới 20 năm thì được hưởng một lần nếu có yêu cầu. Công đoàn khuyên cân nhắc bảo lưu để được hưởng lương hưu.</p>",
        [B("41/2024/QH15", "70", "1", "a")],
    ),
    (
        "tro-cap-om-dau-con-om",
        "Nghỉ chăm con ốm có được hưởng bảo hiểm xã hội?",
        ["bao-hiem-xa-hoi"],
        "Đoàn viên Công đoàn Trường THPT Huỳnh Thúc Kháng hỏi",
        "Con tôi 2 tuổi bị sốt xuất huyết phải nằm viện 5 ngày.",
        "Tôi nghỉ chăm con có được hưởng trợ cấp không?",
        "<p>Có. Người lao động có con <b>dưới 07 tuổi</b> bị ốm đau được hưởng chế độ ốm đau; tối đa 20 ngày làm việc trong năm nếu con dưới 03 tuổi.</p>",
        [B("41/2024/QH15", "42", "1"), B("41/2024/QH15", "43", "3")],
    ),
    (
        "cong-ty-no-bhxh",
        "Công ty nợ bảo hiểm xã hội thì quyền lợi của tôi thế nào?",
        ["bao-hiem-xa-hoi"],
        "Công nhân xã Diễn Châu hỏi",
        "Công ty trừ tiền bảo hiểm vào lương hằng tháng nhưng không nộp cho cơ quan bảo hiểm.",
        "Công ty chậm đóng bảo hiểm xã hội thì tôi có bị mất quyền lợi không?",
        "<p>Người sử dụng lao động chậm đóng, trốn đóng phải nộp đủ số tiền chậm đóng và tiền lãi, đồng thời bị xử phạt. Luật Bảo hiểm xã hội 2024 bảo đảm quyền hưởng chế độ của người lao động trong một số trường hợp công ty chậm đóng. Hãy báo ngay cho công đoàn cơ sở để được hỗ trợ.</p>",
        [B("41/2024/QH15", "40"), B("41/2024/QH15", "41")],
    ),
    (
        "sa-thai-vi-nghi-5-ngay",
        "Bị sa thải vì tự ý nghỉ việc",
        ["ky-luat-sa-thai"],
        "Công nhân KCN Nam Cấm hỏi",
        "Mẹ tôi ốm nặng, tôi về quê chăm 4 ngày không báo được công ty.",
        "Công ty có được sa thải tôi không?",
        "<p>Sa thải chỉ được áp dụng khi người lao động tự ý bỏ việc <b>05 ngày cộng dồn trong 30 ngày</b> hoặc 20 ngày cộng dồn trong 365 ngày mà không có lý do chính đáng. Nghỉ 4 ngày chưa đến mức bị sa thải; việc xử lý kỷ luật phải có sự tham gia của công đoàn cơ sở.</p>",
        [B("45/2019/QH14", "125", "4"), B("45/2019/QH14", "122", "1", "b")],
    ),
    (
        "phat-tien-thay-ky-luat",
        "Công ty phạt tiền vì đi làm muộn có đúng không?",
        ["ky-luat-sa-thai", "tien-luong"],
        "Đoàn viên Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An hỏi",
        "Mỗi lần đi muộn 5 phút, công ty trừ 100.000 đồng vào lương.",
        "Trừ tiền lương thay cho xử lý kỷ luật có đúng luật không?",
        "<p>Không đúng. Pháp luật nghiêm cấm <b>xử lý kỷ luật lao động bằng hình thức phạt tiền, cắt lương</b> thay việc xử lý kỷ luật lao động.</p>",
        [B("45/2019/QH14", "127", "2")],
    ),
    (
        "ky-luat-cu-theo-blld-2012",
        "Thời hiệu xử lý kỷ luật lao động",
        ["ky-luat-sa-thai"],
        "Công nhân KCN Hoàng Mai hỏi",
        "Tôi bị lập biên bản vi phạm cách đây 8 tháng, nay công ty mới họp xử lý kỷ luật.",
        "Sau 8 tháng công ty còn được xử lý kỷ luật tôi không?",
        "<p>Thời hiệu xử lý kỷ luật lao động là <b>06 tháng</b> kể từ ngày xảy ra vi phạm; 12 tháng với vi phạm liên quan đến tài chính, tài sản, bí mật công nghệ.</p><p><i>Ghi chú biên tập: còn dẫn Bộ luật Lao động 2012, cần cập nhật Điều 123 Bộ luật Lao động 2019.</i></p>",
        [B("10/2012/QH13", "124", "1")],
    ),
    (
        "tai-nan-tren-duong-di-lam",
        "Tai nạn trên đường đi làm có được tính là tai nạn lao động?",
        ["an-toan-ve-sinh-lao-dong"],
        "Công nhân KCN Bắc Vinh hỏi",
        "Tôi bị xe máy va quệt trên tuyến đường thường ngày từ nhà đến nhà máy.",
        "Tai nạn trên đường đi làm có được hưởng chế độ tai nạn lao động không?",
        "<p>Có, nếu tai nạn xảy ra trên tuyến đường đi và về từ nơi ở đến nơi làm việc <b>trong khoảng thời gian và tuyến đường hợp lý</b>. Cần có biên bản của cơ quan công an hoặc xác nhận của chính quyền địa phương.</p>",
        [B("84/2015/QH13", "45", "1", "c")],
    ),
    (
        "doan-vien-duoc-cong-doan-bao-ve",
        "Đoàn viên được công đoàn bảo vệ như thế nào khi có tranh chấp?",
        ["quyen-cong-doan"],
        "Đoàn viên Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An hỏi",
        "Tôi có tranh chấp tiền lương với công ty và muốn khởi kiện.",
        "Công đoàn có đại diện cho tôi khi khởi kiện không?",
        "<p>Có. Đoàn viên được công đoàn <b>đại diện, bảo vệ quyền, lợi ích hợp pháp</b> khi bị xâm phạm và được tư vấn pháp luật, trợ giúp pháp lý miễn phí. Công đoàn có quyền tham gia tố tụng theo ủy quyền.</p>",
        [B("50/2024/QH15", "16"), B("50/2024/QH15", "19", "1")],
    ),
    (
        "thoi-gian-hoat-dong-cong-doan",
        "Cán bộ công đoàn không chuyên trách được dành bao nhiêu giờ cho hoạt động công đoàn?",
        ["quyen-cong-doan"],
        "Chủ tịch công đoàn cơ sở doanh nghiệp tại KCN Nam Cấm hỏi",
        "Công ty không cho tôi nghỉ để tham dự tập huấn công đoàn.",
        "Cán bộ công đoàn không chuyên trách có được dành thời gian làm công tác công đoàn không?",
        "<p>Có. Cán bộ công đoàn không chuyên trách được sử dụng thời gian trong giờ làm việc để làm công tác công đoàn và <b>được người sử dụng lao động trả lương</b> cho thời gian đó, theo số giờ luật định tùy chức danh.</p>",
        [B("50/2024/QH15", "30", "1", "a"), B("45/2019/QH14", "176", "1", "b")],
    ),
]


def seed(ctx: SeedContext) -> None:
    topics = Tally()
    by_slug = {}
    for order, (slug, name) in enumerate(TOPICS, start=1):
        topic, created, changed = upsert(LegalTopic, {"slug": slug}, {"name": name, "sort_order": order})
        topics.count(created, changed)
        by_slug[slug] = topic

    library = section(
        LegalLibraryPage,
        "Tư vấn pháp luật",
        "tu-van-phap-luat",
        intro="Giải đáp các tình huống pháp luật lao động, công đoàn thường gặp của đoàn viên, người lao động.",
    )
    publisher = Organisation.objects.get(code=ROOT_CODE)
    pages = Tally()
    for i, (slug, title, topic_slugs, asker, situation, question, answer, bases) in enumerate(SCENARIOS):
        _page, created = upsert_page(
            library,
            LegalScenarioPage,
            slug,
            title=title,
            summary=question,
            organisation=publisher,
            asker=asker,
            situation=situation,
            question=question,
            answer=answer,
            topics=[by_slug[s] for s in topic_slugs],
            legal_bases=[LegalBasis(**basis) for basis in bases],
            reviewed_by=REVIEWER,
            reviewed_on=date(2025, 8, 1 + i % 28),
        )
        pages.count(created, False)
    ctx.report(topics.describe("legal topics"))
    ctx.report(pages.describe("legal consultations"))


register_seeder("legal", seed, after=("organisations",), order=30)
