"""Demo legal consultations: questions members really ask, answered with their legal basis.

Every answer was checked on 1 December 2026 against the texts in force then, and every legal
basis says from (and, once replaced, until) when it applies:

- Bộ luật Lao động 2019 (45/2019/QH14, from 1/1/2021): read in the Bộ pháp điển (Ministry of
  Justice codification, phapdien.moj.gov.vn), which records amendments; none touch the articles
  cited here;
- Luật Bảo hiểm xã hội 2024 (41/2024/QH15, from 1/7/2025), Luật Công đoàn 2024 (50/2024/QH15, from
  1/7/2025), Luật Việc làm 2025 (74/2025/QH15, from 1/1/2026), Nghị định 293/2025/NĐ-CP (regional
  minimum wages from 1/1/2026, replacing Nghị định 74/2024/NĐ-CP), Luật An toàn, vệ sinh lao động
  2015 (84/2015/QH13, from 1/7/2016).

Where a fact could not be checked, the answer says less, and the scenario is marked under
review with a note for editors (never in the answer): the regional minimum wage answer does not
say which region each locality of Nghệ An is in. Quoted excerpts are the law's own words.
Demo text, not legal advice.
"""

from __future__ import annotations

from datetime import date

from cms.core.demo import register_seeder
from cms.core.demo.base import SeedContext, Tally, upsert
from cms.core.demo.content import section, upsert_page
from cms.legal.models import LegalBasis, LegalLibraryPage, LegalScenarioPage, LegalTopic
from cms.organisations.models import Organisation

ROOT_CODE = "ldld-nghe-an"
REVIEWER = "Ban biên tập Công đoàn số (đối chiếu văn bản pháp luật gốc)"
# The day these answers were checked against the law (not a day ahead of it: a review date is
# never in the future).
CHECKED_ON = date(2026, 12, 1)

TOPICS = [
    ("hop-dong-lao-dong", "Hợp đồng lao động"),
    ("tien-luong", "Tiền lương"),
    ("thoi-gio-lam-viec", "Thời giờ làm việc, làm thêm giờ"),
    ("bao-hiem-xa-hoi", "Bảo hiểm xã hội, bảo hiểm thất nghiệp"),
    ("thai-san", "Thai sản"),
    ("ky-luat-sa-thai", "Kỷ luật lao động, sa thải"),
    ("an-toan-ve-sinh-lao-dong", "An toàn, vệ sinh lao động"),
    ("quyen-cong-doan", "Quyền của đoàn viên và công đoàn"),
]

BLLD = "45/2019/QH14"
BHXH = "41/2024/QH15"
CONG_DOAN = "50/2024/QH15"
VIEC_LAM = "74/2025/QH15"
LUONG_TOI_THIEU = "293/2025/NĐ-CP"
ATVSLD = "84/2015/QH13"

# instrument code → (name, in force from, in force until: None while in force)
INSTRUMENTS = {
    BLLD: ("Bộ luật Lao động 2019", date(2021, 1, 1), None),
    BHXH: ("Luật Bảo hiểm xã hội 2024", date(2025, 7, 1), None),
    CONG_DOAN: ("Luật Công đoàn 2024", date(2025, 7, 1), None),
    VIEC_LAM: ("Luật Việc làm 2025", date(2026, 1, 1), None),
    LUONG_TOI_THIEU: (
        "Nghị định 293/2025/NĐ-CP quy định mức lương tối thiểu đối với người lao động làm việc theo "
        "hợp đồng lao động",
        date(2026, 1, 1),
        None,
    ),
    ATVSLD: ("Luật An toàn, vệ sinh lao động 2015", date(2016, 7, 1), None),
}


def B(code: str, article: str = "", clause: str = "", point: str = "", excerpt: str = "") -> dict:
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


def S(
    slug: str,
    title: str,
    topics: list[str],
    asker: str,
    situation: str,
    question: str,
    answer: str,
    bases: list[dict],
    *,
    under_review: bool = False,
    review_note: str = "",
) -> dict:
    return {
        "slug": slug,
        "title": title,
        "topics": topics,
        "asker": asker,
        "situation": situation,
        "question": question,
        "answer": answer,
        "bases": bases,
        "under_review": under_review,
        "review_note": review_note,
    }


SCENARIOS = [
    S(
        "thu-viec-toi-da-bao-lau",
        "Thời gian thử việc tối đa là bao lâu?",
        ["hop-dong-lao-dong"],
        "Công nhân KCN Nam Cấm hỏi",
        "Tôi vào làm công nhân may, công ty bắt thử việc 3 tháng với lương bằng 70% lương chính thức.",
        "Công ty yêu cầu thử việc 3 tháng, hưởng 70% lương có đúng luật không?",
        "<p><b>Không đúng luật</b>, cả về thời gian lẫn tiền lương.</p>"
        "<p>Thời gian thử việc do hai bên thỏa thuận nhưng chỉ được thử việc một lần cho một công việc và "
        "không quá: <b>180 ngày</b> với công việc của người quản lý doanh nghiệp; <b>60 ngày</b> với công việc "
        "cần trình độ chuyên môn, kỹ thuật từ cao đẳng trở lên; <b>30 ngày</b> với công việc cần trình độ "
        "trung cấp, công nhân kỹ thuật, nhân viên nghiệp vụ; <b>06 ngày làm việc</b> với công việc khác. "
        "Công việc công nhân may không phải công việc quản lý doanh nghiệp, nên thử việc 3 tháng là quá "
        "thời hạn luật cho phép.</p>"
        "<p>Tiền lương thử việc do hai bên thỏa thuận nhưng <b>ít nhất bằng 85%</b> mức lương của công việc "
        "đó; trả 70% là trái luật. Anh/chị có thể đề nghị công đoàn cơ sở yêu cầu công ty điều chỉnh.</p>",
        [
            B(
                BLLD,
                "25",
                "3",
                excerpt="Không quá 30 ngày đối với công việc có chức danh nghề nghiệp cần trình độ "
                "chuyên môn, kỹ thuật trung cấp, công nhân kỹ thuật, nhân viên nghiệp vụ;",
            ),
            B(BLLD, "25", "4", excerpt="Không quá 06 ngày làm việc đối với công việc khác."),
            B(
                BLLD,
                "26",
                excerpt="Tiền lương của người lao động trong thời gian thử việc do hai bên thỏa thuận "
                "nhưng ít nhất phải bằng 85% mức lương của công việc đó.",
            ),
        ],
    ),
    S(
        "hop-dong-mieng-co-gia-tri",
        "Hợp đồng lao động bằng lời nói có giá trị không?",
        ["hop-dong-lao-dong"],
        "Lao động tự do tại phường Trường Vinh hỏi",
        "Tôi làm phụ hồ theo thỏa thuận miệng với chủ thầu, công việc kéo dài khoảng 5 tháng.",
        "Làm 5 tháng mà chỉ thỏa thuận miệng thì có đúng quy định không?",
        "<p><b>Không đúng quy định.</b> Hợp đồng lao động phải được giao kết bằng văn bản (hoặc qua phương tiện "
        "điện tử dưới hình thức thông điệp dữ liệu) và làm thành 02 bản, mỗi bên giữ 01 bản. Chỉ hợp đồng có "
        "thời hạn <b>dưới 01 tháng</b> mới được giao kết bằng lời nói, trừ một số trường hợp luật định.</p>"
        "<p>Công việc kéo dài 5 tháng phải có hợp đồng bằng văn bản; anh/chị có quyền đề nghị chủ thầu ký hợp "
        "đồng.</p>",
        [
            B(BLLD, "14", "1"),
            B(
                BLLD,
                "14",
                "2",
                excerpt="Hai bên có thể giao kết hợp đồng lao động bằng lời nói đối với hợp đồng "
                "có thời hạn dưới 01 tháng, trừ trường hợp quy định tại khoản 2 Điều 18, điểm a khoản 1 Điều 145 "
                "và khoản 1 Điều 162 của Bộ luật này.",
            ),
        ],
    ),
    S(
        "hop-dong-xac-dinh-thoi-han-lan-thu-ba",
        "Ký hợp đồng xác định thời hạn lần thứ ba",
        ["hop-dong-lao-dong"],
        "Đoàn viên Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An hỏi",
        "Tôi đã ký hai hợp đồng 12 tháng liên tiếp, nay công ty đề nghị ký tiếp hợp đồng 12 tháng.",
        "Công ty có được ký tiếp hợp đồng xác định thời hạn lần thứ ba không?",
        "<p><b>Không.</b> Sau khi hợp đồng xác định thời hạn hết hạn, hai bên chỉ được ký thêm <b>01 lần</b> "
        "hợp đồng xác định thời hạn; sau đó nếu người lao động vẫn tiếp tục làm việc thì phải ký <b>hợp đồng "
        "lao động không xác định thời hạn</b> (trừ một số trường hợp đặc thù như người được thuê làm giám đốc "
        "doanh nghiệp có vốn nhà nước, người lao động cao tuổi, người lao động nước ngoài).</p>"
        "<p>Anh/chị đã ký hai hợp đồng xác định thời hạn, nên hợp đồng tiếp theo phải là hợp đồng không xác "
        "định thời hạn.</p>",
        [
            B(
                BLLD,
                "20",
                "2",
                "c",
                excerpt="Trường hợp hai bên ký kết hợp đồng lao động mới là hợp đồng lao động "
                "xác định thời hạn thì cũng chỉ được ký thêm 01 lần, sau đó nếu người lao động vẫn tiếp tục làm "
                "việc thì phải ký kết hợp đồng lao động không xác định thời hạn, trừ hợp đồng lao động đối với "
                "người được thuê làm giám đốc trong doanh nghiệp có vốn nhà nước và trường hợp quy định tại khoản "
                "1 Điều 149, khoản 2 Điều 151 và khoản 4 Điều 177 của Bộ luật này.",
            ),
        ],
    ),
    S(
        "don-phuong-cham-dut-khong-bao-truoc",
        "Nghỉ việc không cần báo trước trong trường hợp nào?",
        ["hop-dong-lao-dong"],
        "Công nhân KCN Bắc Vinh hỏi",
        "Công ty chậm trả lương 2 tháng liên tiếp, tôi muốn nghỉ ngay.",
        "Tôi có được nghỉ việc ngay mà không cần báo trước không?",
        "<p><b>Có.</b> Người lao động có quyền đơn phương chấm dứt hợp đồng <b>không cần báo trước</b> khi "
        "không được trả đủ lương hoặc trả lương không đúng thời hạn. Ngoại lệ duy nhất là trường hợp vì lý do "
        "bất khả kháng mà công ty đã tìm mọi biện pháp khắc phục nhưng không thể trả lương đúng hạn; khi đó "
        "công ty cũng không được trả chậm quá 30 ngày. Công ty chậm lương 2 tháng liên tiếp đã vượt giới hạn "
        "này.</p>"
        "<p>Các trường hợp khác được nghỉ không cần báo trước gồm: không được bố trí đúng công việc, địa điểm "
        "hoặc điều kiện làm việc đã thỏa thuận; bị ngược đãi, đánh đập, nhục mạ, cưỡng bức lao động; bị quấy "
        "rối tình dục tại nơi làm việc; lao động nữ mang thai phải nghỉ việc theo quy định; đủ tuổi nghỉ hưu; "
        "công ty cung cấp thông tin không trung thực khi giao kết hợp đồng.</p>",
        [
            B(
                BLLD,
                "35",
                "2",
                "b",
                excerpt="Không được trả đủ lương hoặc trả lương không đúng thời hạn, trừ trường "
                "hợp quy định tại khoản 4 Điều 97 của Bộ luật này;",
            ),
            B(BLLD, "97", "4"),
        ],
    ),
    S(
        "bao-truoc-khi-nghi-viec",
        "Nghỉ việc phải báo trước cho công ty bao nhiêu ngày?",
        ["hop-dong-lao-dong"],
        "Công nhân KCN VSIP Nghệ An hỏi",
        "Tôi làm việc theo hợp đồng xác định thời hạn 24 tháng, nay tìm được việc mới gần nhà.",
        "Tôi muốn nghỉ việc thì phải báo trước cho công ty bao lâu?",
        "<p>Anh/chị phải báo trước <b>ít nhất 30 ngày</b>, vì đang làm việc theo hợp đồng xác định thời hạn "
        "từ 12 tháng đến 36 tháng. Người lao động được đơn phương chấm dứt hợp đồng mà không cần nêu lý do, "
        "chỉ cần báo trước đủ thời hạn theo loại hợp đồng:</p>"
        "<ul><li>ít nhất <b>45 ngày</b> với hợp đồng không xác định thời hạn;</li>"
        "<li>ít nhất <b>30 ngày</b> với hợp đồng xác định thời hạn từ 12 tháng đến 36 tháng;</li>"
        "<li>ít nhất <b>03 ngày làm việc</b> với hợp đồng xác định thời hạn dưới 12 tháng;</li>"
        "<li>một số ngành, nghề, công việc đặc thù theo quy định của Chính phủ.</li></ul>"
        "<p>Nghỉ mà không báo trước đủ thời hạn (ngoài các trường hợp được nghỉ không cần báo trước, như bị "
        "nợ lương) là đơn phương chấm dứt hợp đồng trái pháp luật, và người lao động khi đó không được hưởng "
        "trợ cấp thất nghiệp. Hãy báo trước bằng văn bản và giữ lại một bản.</p>",
        [
            B(
                BLLD,
                "35",
                "1",
                excerpt="Người lao động có quyền đơn phương chấm dứt hợp đồng lao động nhưng phải "
                "báo trước cho người sử dụng lao động như sau: a) Ít nhất 45 ngày nếu làm việc theo hợp đồng lao "
                "động không xác định thời hạn; b) Ít nhất 30 ngày nếu làm việc theo hợp đồng lao động xác định "
                "thời hạn có thời hạn từ 12 tháng đến 36 tháng; c) Ít nhất 03 ngày làm việc nếu làm việc theo hợp "
                "đồng lao động xác định thời hạn có thời hạn dưới 12 tháng; d) Đối với một số ngành, nghề, công "
                "việc đặc thù thì thời hạn báo trước được thực hiện theo quy định của Chính phủ.",
            ),
            B(BLLD, "39"),
            B(VIEC_LAM, "38", "1", "a"),
        ],
    ),
    S(
        "cong-ty-cham-dut-hop-dong-phai-bao-truoc",
        "Công ty đơn phương chấm dứt hợp đồng phải báo trước bao lâu?",
        ["hop-dong-lao-dong"],
        "Đoàn viên Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An hỏi",
        "Tôi làm việc theo hợp đồng không xác định thời hạn. Công ty thông báo chấm dứt hợp đồng vì cho rằng "
        "tôi thường xuyên không hoàn thành công việc, và chỉ báo trước 10 ngày.",
        "Công ty báo trước 10 ngày có đúng luật không?",
        "<p><b>Không đúng.</b> Với hợp đồng không xác định thời hạn, khi đơn phương chấm dứt hợp đồng vì người "
        "lao động thường xuyên không hoàn thành công việc, công ty phải báo trước <b>ít nhất 45 ngày</b>. Báo "
        "trước 10 ngày là chấm dứt hợp đồng trái pháp luật.</p>"
        "<p>Thời hạn công ty phải báo trước: ít nhất <b>45 ngày</b> với hợp đồng không xác định thời hạn; ít nhất "
        "<b>30 ngày</b> với hợp đồng xác định thời hạn từ 12 tháng đến 36 tháng; ít nhất <b>03 ngày làm việc</b> "
        "với hợp đồng xác định thời hạn dưới 12 tháng và với trường hợp người lao động ốm đau, tai nạn đã điều "
        "trị dài ngày mà khả năng lao động chưa hồi phục. Công ty chỉ không phải báo trước khi người lao động "
        "không có mặt tại nơi làm việc sau khi hết thời hạn tạm hoãn hợp đồng, hoặc tự ý bỏ việc không có lý do "
        "chính đáng từ 05 ngày làm việc liên tục trở lên.</p>"
        '<p>Ngoài ra, việc đánh giá "thường xuyên không hoàn thành công việc" phải theo tiêu chí trong quy chế '
        "đánh giá do công ty ban hành sau khi tham khảo ý kiến tổ chức đại diện người lao động tại cơ sở (nơi có "
        "tổ chức này). Hãy mang thông báo đến công đoàn cơ sở để được hỗ trợ.</p>",
        [
            B(BLLD, "36", "1", "a"),
            B(
                BLLD,
                "36",
                "2",
                excerpt="Khi đơn phương chấm dứt hợp đồng lao động trong trường hợp quy định tại các "
                "điểm a, b, c, đ và g khoản 1 Điều này, người sử dụng lao động phải báo trước cho người lao động "
                "như sau: a) Ít nhất 45 ngày đối với hợp đồng lao động không xác định thời hạn; b) Ít nhất 30 ngày "
                "đối với hợp đồng lao động xác định thời hạn có thời hạn từ 12 tháng đến 36 tháng; c) Ít nhất 03 "
                "ngày làm việc đối với hợp đồng lao động xác định thời hạn có thời hạn dưới 12 tháng và đối với "
                "trường hợp quy định tại điểm b khoản 1 Điều này; d) Đối với một số ngành, nghề, công việc đặc thù "
                "thì thời hạn báo trước được thực hiện theo quy định của Chính phủ.",
            ),
            B(BLLD, "36", "3"),
            B(BLLD, "39"),
        ],
    ),
    S(
        "tien-luong-ngung-viec-do-mat-dien",
        "Tiền lương ngừng việc do mất điện",
        ["tien-luong"],
        "Công nhân KCN Nam Cấm hỏi",
        "Nhà máy mất điện 3 ngày, công ty cho công nhân nghỉ và nói không trả lương.",
        "Những ngày ngừng việc do mất điện có được trả lương không?",
        "<p><b>Có.</b> Ngừng việc vì sự cố về điện, nước mà không do lỗi của công ty thì hai bên thỏa thuận "
        "tiền lương ngừng việc; nếu ngừng việc <b>từ 14 ngày làm việc trở xuống</b> thì tiền lương thỏa thuận "
        "<b>không được thấp hơn mức lương tối thiểu</b>. Công ty không trả lương cho 3 ngày ngừng việc là sai.</p>"
        "<p>Nếu mất điện do lỗi của công ty thì người lao động được trả đủ tiền lương theo hợp đồng.</p>",
        [
            B(BLLD, "99", "1"),
            B(
                BLLD,
                "99",
                "3",
                "a",
                excerpt="Trường hợp ngừng việc từ 14 ngày làm việc trở xuống thì tiền lương "
                "ngừng việc được thỏa thuận không thấp hơn mức lương tối thiểu;",
            ),
        ],
    ),
    S(
        "tra-luong-cham-co-duoc-den-bu",
        "Công ty trả lương chậm có phải đền bù không?",
        ["tien-luong"],
        "Đoàn viên Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An hỏi",
        "Tháng này công ty trả lương chậm 20 ngày so với ngày trả lương đã thỏa thuận.",
        "Trả lương chậm như vậy công ty có phải đền bù cho người lao động không?",
        "<p><b>Có.</b> Kể cả khi vì lý do bất khả kháng mà công ty đã tìm mọi biện pháp khắc phục nhưng không thể "
        "trả lương đúng hạn, công ty cũng không được trả chậm quá 30 ngày; nếu trả chậm <b>từ 15 ngày trở "
        "lên</b> thì phải đền bù cho người lao động một khoản tiền ít nhất bằng số tiền lãi của số tiền trả "
        "chậm, tính theo lãi suất huy động tiền gửi có kỳ hạn 01 tháng do ngân hàng nơi công ty mở tài khoản "
        "trả lương công bố tại thời điểm trả lương.</p>"
        "<p>Chậm 20 ngày thì công ty phải đền bù khoản tiền này. Nếu việc chậm lương không do bất khả kháng, "
        "người lao động còn có quyền nghỉ việc không cần báo trước.</p>",
        [
            B(
                BLLD,
                "97",
                "4",
                excerpt="Trường hợp vì lý do bất khả kháng mà người sử dụng lao động đã tìm mọi biện "
                "pháp khắc phục nhưng không thể trả lương đúng hạn thì không được chậm quá 30 ngày; nếu trả lương "
                "chậm từ 15 ngày trở lên thì người sử dụng lao động phải đền bù cho người lao động một khoản tiền ít "
                "nhất bằng số tiền lãi của số tiền trả chậm tính theo lãi suất huy động tiền gửi có kỳ hạn 01 tháng "
                "do ngân hàng nơi người sử dụng lao động mở tài khoản trả lương cho người lao động công bố tại thời "
                "điểm trả lương.",
            ),
            B(BLLD, "35", "2", "b"),
        ],
    ),
    S(
        "luong-toi-thieu-vung-nghe-an",
        "Lương tối thiểu vùng tại Nghệ An",
        ["tien-luong"],
        "Công nhân may tại xã Diễn Châu hỏi",
        "Tôi làm việc tại xã Diễn Châu, công ty trả lương cơ bản thấp hơn đồng nghiệp ở Vinh.",
        "Mức lương thấp nhất công ty phải trả được xác định thế nào?",
        "<p>Mức lương theo công việc hoặc chức danh <b>không được thấp hơn mức lương tối thiểu</b>. Mức lương "
        "tối thiểu do Chính phủ quyết định theo vùng; từ ngày 01/01/2026, theo Nghị định 293/2025/NĐ-CP (thay "
        "Nghị định 74/2024/NĐ-CP), mức lương tối thiểu tháng là:</p>"
        "<ul><li>Vùng I: <b>5.310.000 đồng</b>;</li><li>Vùng II: <b>4.730.000 đồng</b>;</li>"
        "<li>Vùng III: <b>4.140.000 đồng</b>;</li><li>Vùng IV: <b>3.700.000 đồng</b>.</li></ul>"
        "<p>Mức áp dụng là mức của vùng nơi công ty (hoặc chi nhánh) hoạt động; mỗi xã, phường thuộc một vùng "
        "theo danh mục ban hành kèm Nghị định. Vì vậy lương ở xã Diễn Châu có thể thấp hơn ở các phường thuộc "
        "Vinh cũ, nhưng <b>không được thấp hơn mức tối thiểu của vùng nơi anh/chị làm việc</b>. Hãy đối chiếu "
        "lương trong hợp đồng với mức của vùng đó; nếu thấp hơn, đề nghị công đoàn cơ sở yêu cầu công ty điều "
        "chỉnh.</p>",
        [
            B(
                BLLD,
                "90",
                "2",
                excerpt="Mức lương theo công việc hoặc chức danh không được thấp hơn mức lương tối thiểu.",
            ),
            B(
                BLLD,
                "91",
                "2",
                excerpt="Mức lương tối thiểu được xác lập theo vùng, ấn định theo tháng, giờ.",
            ),
            B(LUONG_TOI_THIEU),
        ],
        under_review=True,
        review_note=(
            "Đã đối chiếu ngày 01/12/2026: số hiệu, ngày ban hành (10/11/2025), hiệu lực (01/01/2026) và bốn "
            "mức lương tháng của Nghị định 293/2025/NĐ-CP (Báo Lao Động). Chưa đối chiếu được Phụ lục danh mục "
            "địa bàn: xã Diễn Châu và các phường thuộc Vinh cũ thuộc vùng nào sau sắp xếp đơn vị hành chính "
            "2025, và điều khoản của Nghị định quy định mức lương. Khi đã đối chiếu Phụ lục, bổ sung vùng của "
            "địa bàn vào câu trả lời, ghi điều khoản vào căn cứ và bỏ dấu rà soát."
        ),
    ),
    S(
        "lam-them-gio-toi-da",
        "Giới hạn số giờ làm thêm",
        ["thoi-gio-lam-viec"],
        "Công nhân KCN VSIP Nghệ An hỏi",
        "Vào mùa cao điểm, công ty yêu cầu tăng ca 4 giờ mỗi ngày, kéo dài cả tháng.",
        "Công ty có được yêu cầu làm thêm 4 giờ mỗi ngày liên tục không?",
        "<p><b>Không được kéo dài cả tháng.</b> Làm thêm giờ phải được người lao động đồng ý và không được "
        "vượt các giới hạn:</p>"
        "<ul><li>không quá <b>50% số giờ làm việc bình thường trong 01 ngày</b> (làm 8 giờ thì thêm tối đa 4 giờ; "
        "nếu áp dụng thời giờ làm việc theo tuần thì tổng giờ làm bình thường và làm thêm không quá 12 giờ "
        "một ngày);</li>"
        "<li>không quá <b>40 giờ trong 01 tháng</b>;</li>"
        "<li>không quá <b>200 giờ trong 01 năm</b>, hoặc <b>300 giờ</b> với một số ngành, nghề, trường hợp như "
        "sản xuất, gia công xuất khẩu hàng dệt, may, da, giày, điện, điện tử.</li></ul>"
        "<p>4 giờ mỗi ngày chưa vượt giới hạn ngày, nhưng làm liên tục thì chỉ khoảng 10 ngày đã hết 40 giờ của "
        "tháng. Yêu cầu tăng ca 4 giờ mỗi ngày suốt cả tháng là trái luật, kể cả với doanh nghiệp may xuất khẩu "
        "được làm thêm tới 300 giờ một năm.</p>",
        [
            B(BLLD, "107", "2", "a", excerpt="Phải được sự đồng ý của người lao động;"),
            B(
                BLLD,
                "107",
                "2",
                "b",
                excerpt="Bảo đảm số giờ làm thêm của người lao động không quá 50% số giờ làm "
                "việc bình thường trong 01 ngày; trường hợp áp dụng quy định thời giờ làm việc bình thường theo "
                "tuần thì tổng số giờ làm việc bình thường và số giờ làm thêm không quá 12 giờ trong 01 ngày; không "
                "quá 40 giờ trong 01 tháng;",
            ),
            B(
                BLLD,
                "107",
                "2",
                "c",
                excerpt="Bảo đảm số giờ làm thêm của người lao động không quá 200 giờ trong 01 "
                "năm, trừ trường hợp quy định tại khoản 3 Điều này.",
            ),
            B(BLLD, "107", "3"),
        ],
    ),
    S(
        "tien-luong-lam-them-ngay-le",
        "Tiền lương làm thêm vào ngày lễ",
        ["thoi-gio-lam-viec", "tien-luong"],
        "Công nhân Công ty CP Tôn Hoa Sen Nghệ An hỏi",
        "Công ty phân công tôi làm thêm một ca vào ngày Quốc khánh 2/9.",
        "Làm việc vào ngày lễ được trả lương như thế nào?",
        "<p>Làm thêm giờ vào ngày nghỉ lễ, tết, ngày nghỉ có hưởng lương được trả <b>ít nhất bằng 300%</b> tiền "
        "lương theo đơn giá hoặc tiền lương thực trả của công việc đang làm, chưa kể tiền lương ngày lễ, tết đối "
        "với người hưởng lương ngày. Làm vào ban đêm ngày lễ thì còn được trả thêm theo quy định về làm việc ban "
        "đêm.</p>"
        "<p>Ca làm thêm ngày Quốc khánh của anh/chị được trả ít nhất 300%.</p>",
        [
            B(
                BLLD,
                "98",
                "1",
                "c",
                excerpt="Vào ngày nghỉ lễ, tết, ngày nghỉ có hưởng lương, ít nhất bằng 300% chưa "
                "kể tiền lương ngày lễ, tết, ngày nghỉ có hưởng lương đối với người lao động hưởng lương ngày.",
            ),
            B(BLLD, "98", "3"),
        ],
    ),
    S(
        "nghi-giua-ca-ca-dem",
        "Nghỉ giữa giờ khi làm ca đêm",
        ["thoi-gio-lam-viec"],
        "Công nhân KCN Hoàng Mai hỏi",
        "Tôi làm ca đêm 8 tiếng liên tục, chỉ được nghỉ 15 phút ăn giữa ca.",
        "Làm ca đêm được nghỉ giữa giờ bao lâu?",
        "<p>Người làm việc từ 06 giờ trở lên trong một ngày được nghỉ giữa giờ ít nhất 30 phút liên tục; <b>làm "
        "việc ban đêm thì ít nhất 45 phút liên tục</b>. Làm theo ca liên tục từ 06 giờ trở lên thì thời gian "
        "nghỉ giữa giờ được tính vào giờ làm việc.</p>"
        "<p>Chỉ cho nghỉ 15 phút trong ca đêm 8 tiếng là trái luật; anh/chị được nghỉ ít nhất 45 phút liên tục, "
        "tính vào giờ làm việc.</p>",
        [
            B(
                BLLD,
                "109",
                "1",
                excerpt="Người lao động làm việc theo thời giờ làm việc quy định tại Điều 105 của Bộ "
                "luật này từ 06 giờ trở lên trong một ngày thì được nghỉ giữa giờ ít nhất 30 phút liên tục, làm việc "
                "ban đêm thì được nghỉ giữa giờ ít nhất 45 phút liên tục. Trường hợp người lao động làm việc theo ca "
                "liên tục từ 06 giờ trở lên thì thời gian nghỉ giữa giờ được tính vào giờ làm việc.",
            ),
        ],
    ),
    S(
        "nghi-phep-nam-chua-nghi-het",
        "Ngày nghỉ phép năm chưa nghỉ hết khi thôi việc",
        ["thoi-gio-lam-viec"],
        "Công nhân KCN Nam Cấm hỏi",
        "Tôi nghỉ việc vào tháng 10, còn 5 ngày phép năm chưa nghỉ.",
        "Những ngày phép chưa nghỉ có được công ty thanh toán không?",
        "<p><b>Có.</b> Người lao động thôi việc, bị mất việc làm mà chưa nghỉ hằng năm hoặc chưa nghỉ hết số ngày "
        "nghỉ hằng năm thì được công ty <b>thanh toán tiền lương cho những ngày chưa nghỉ</b>. Công ty phải trả "
        "tiền lương cho 5 ngày phép còn lại của anh/chị.</p>",
        [
            B(
                BLLD,
                "113",
                "3",
                excerpt="Trường hợp do thôi việc, bị mất việc làm mà chưa nghỉ hằng năm hoặc chưa "
                "nghỉ hết số ngày nghỉ hằng năm thì được người sử dụng lao động thanh toán tiền lương cho những ngày "
                "chưa nghỉ.",
            ),
        ],
    ),
    S(
        "nghi-thai-san-6-thang",
        "Lao động nữ được nghỉ thai sản bao lâu?",
        ["thai-san", "bao-hiem-xa-hoi"],
        "Công nhân nữ KCN Bắc Vinh hỏi",
        "Tôi sắp sinh con đầu lòng, đã đóng bảo hiểm xã hội được 2 năm.",
        "Tôi được nghỉ thai sản bao lâu và được hưởng những gì?",
        "<p>Chị được nghỉ thai sản <b>06 tháng</b> trước và sau khi sinh con; thời gian nghỉ trước khi sinh "
        "không quá 02 tháng. Sinh đôi trở lên thì từ con thứ hai, mỗi con được nghỉ thêm 01 tháng.</p>"
        "<p>Trong thời gian nghỉ, chị hưởng chế độ thai sản từ quỹ bảo hiểm xã hội nếu đã đóng bảo hiểm xã hội "
        "bắt buộc từ đủ 06 tháng trở lên trong 12 tháng liền kề trước khi sinh; chị đóng liên tục 2 năm đến nay "
        "nên đủ điều kiện.</p>",
        [
            B(
                BLLD,
                "139",
                "1",
                excerpt="Lao động nữ được nghỉ thai sản trước và sau khi sinh con là 06 tháng; thời "
                "gian nghỉ trước khi sinh không quá 02 tháng. Trường hợp lao động nữ sinh đôi trở lên thì tính từ "
                "con thứ 02 trở đi, cứ mỗi con, người mẹ được nghỉ thêm 01 tháng.",
            ),
            B(BHXH, "50", "2"),
            B(BHXH, "53", "1"),
        ],
    ),
    S(
        "sinh-doi-nghi-them",
        "Sinh đôi được nghỉ thai sản thêm bao lâu?",
        ["thai-san"],
        "Đoàn viên Công đoàn Trường Mầm non Hoa Hồng hỏi",
        "Tôi vừa sinh đôi hai bé trai.",
        "Sinh đôi thì thời gian nghỉ thai sản được tính thế nào?",
        "<p>Ngoài 06 tháng nghỉ thai sản, từ con thứ hai trở đi, <b>mỗi con được nghỉ thêm 01 tháng</b>. Sinh "
        "đôi thì chị được nghỉ <b>07 tháng</b>.</p>",
        [B(BLLD, "139", "1"), B(BHXH, "53", "1")],
    ),
    S(
        "chong-nghi-khi-vo-sinh",
        "Chồng được nghỉ bao nhiêu ngày khi vợ sinh con?",
        ["thai-san", "bao-hiem-xa-hoi"],
        "Công nhân Công ty CP Tôn Hoa Sen Nghệ An hỏi",
        "Vợ tôi sinh mổ, tôi đang đóng bảo hiểm xã hội ở công ty.",
        "Lao động nam được nghỉ bao nhiêu ngày khi vợ sinh mổ?",
        "<p>Anh được nghỉ <b>07 ngày làm việc</b> hưởng chế độ thai sản, vì vợ sinh con phải phẫu thuật. Lao động "
        "nam đang đóng bảo hiểm xã hội bắt buộc được nghỉ 05 ngày làm việc khi vợ sinh thường; 07 ngày làm việc "
        "khi vợ sinh con phải phẫu thuật hoặc sinh con dưới 32 tuần tuổi; 10 ngày làm việc khi vợ sinh đôi (14 "
        "ngày nếu sinh đôi phải phẫu thuật), sinh ba trở lên thì mỗi con từ con thứ ba được thêm 03 ngày làm "
        "việc.</p>"
        "<p>Ngày bắt đầu nghỉ phải trong vòng 60 ngày kể từ ngày vợ sinh; có thể nghỉ nhiều lần, nhưng lần cuối "
        "phải bắt đầu trong 60 ngày đó và tổng số ngày không vượt mức trên.</p>",
        [
            B(
                BHXH,
                "53",
                "2",
                excerpt="Lao động nam đang tham gia bảo hiểm xã hội bắt buộc khi vợ sinh con được "
                "nghỉ việc hưởng chế độ thai sản với thời gian như sau: a) 05 ngày làm việc; b) 07 ngày làm việc khi "
                "vợ sinh con phải phẫu thuật hoặc sinh con dưới 32 tuần tuổi;",
            ),
            B(BHXH, "53", "3"),
        ],
    ),
    S(
        "khong-duoc-sa-thai-khi-mang-thai",
        "Công ty có được cho nghỉ việc khi tôi đang mang thai?",
        ["thai-san", "ky-luat-sa-thai"],
        "Công nhân nữ KCN Nam Cấm hỏi",
        "Tôi mang thai tháng thứ 4, công ty thông báo chấm dứt hợp đồng vì tái cơ cấu.",
        "Công ty có được chấm dứt hợp đồng khi tôi đang mang thai không?",
        "<p><b>Không được đơn phương chấm dứt.</b> Công ty không được thực hiện quyền đơn phương chấm dứt hợp đồng "
        "lao động đối với lao động nữ mang thai, và không được sa thải hay đơn phương chấm dứt hợp đồng vì lý do "
        "kết hôn, mang thai, nghỉ thai sản, nuôi con dưới 12 tháng tuổi (trừ khi công ty chấm dứt hoạt động "
        "hoặc các trường hợp đặc biệt khác luật định).</p>"
        "<p>Nếu công ty cho thôi việc vì thay đổi cơ cấu, việc đó chỉ được tiến hành sau khi đã trao đổi ý kiến "
        "với tổ chức đại diện người lao động tại cơ sở và thông báo trước 30 ngày cho Ủy ban nhân dân cấp tỉnh "
        "và người lao động; người bị cho thôi việc được trả trợ cấp mất việc làm. Chị đừng ký đồng ý chấm dứt "
        "hợp đồng khi chưa được tư vấn; hãy mang thông báo đến công đoàn cơ sở ngay để được kiểm tra và bảo "
        "vệ.</p>",
        [
            B(
                BLLD,
                "37",
                "3",
                excerpt="Người lao động nữ mang thai; người lao động đang nghỉ thai sản hoặc nuôi "
                "con dưới 12 tháng tuổi.",
            ),
            B(BLLD, "137", "3"),
            B(BLLD, "42", "5"),
            B(BLLD, "42", "6"),
        ],
    ),
    S(
        "dieu-kien-huong-thai-san-cu",
        "Điều kiện hưởng chế độ thai sản khi sinh con",
        ["thai-san", "bao-hiem-xa-hoi"],
        "Công nhân nữ KCN Hoàng Mai hỏi",
        "Tôi đóng bảo hiểm xã hội được 5 tháng trong 12 tháng trước khi sinh.",
        "Tôi có đủ điều kiện hưởng chế độ thai sản không?",
        "<p><b>Chưa đủ</b>, trừ một trường hợp. Lao động nữ sinh con phải đóng bảo hiểm xã hội bắt buộc <b>từ đủ "
        "06 tháng trở lên trong 12 tháng liền kề trước khi sinh</b>; chị mới đóng 5 tháng.</p>"
        "<p>Trường hợp ngoại lệ: nếu chị đã đóng bảo hiểm xã hội bắt buộc từ đủ 12 tháng trở lên (tính cả thời "
        "gian trước đó) và khi mang thai phải nghỉ việc để dưỡng thai theo chỉ định của cơ sở khám bệnh, chữa "
        "bệnh, thì chỉ cần đóng từ đủ 03 tháng trong 12 tháng trước khi sinh; khi đó 5 tháng là đủ. Hãy mang "
        "giấy tờ chỉ định dưỡng thai (nếu có) đến bộ phận nhân sự hoặc công đoàn cơ sở để được hướng dẫn.</p>",
        [
            B(
                BHXH,
                "50",
                "2",
                excerpt="Đối tượng quy định tại các điểm b, c, d và đ khoản 1 Điều này phải đóng bảo "
                "hiểm xã hội bắt buộc từ đủ 06 tháng trở lên trong thời gian 12 tháng liền kề trước khi sinh con "
                "hoặc nhận con khi nhờ mang thai hộ hoặc nhận nuôi con nuôi dưới 06 tháng tuổi.",
            ),
            B(
                BHXH,
                "50",
                "3",
                excerpt="Đối tượng quy định tại điểm b và điểm c khoản 1 Điều này đã đóng bảo hiểm xã "
                "hội bắt buộc từ đủ 12 tháng trở lên mà khi mang thai phải nghỉ việc để dưỡng thai theo chỉ định của "
                "người hành nghề khám bệnh, chữa bệnh thuộc cơ sở khám bệnh, chữa bệnh thì phải đóng bảo hiểm xã hội "
                "bắt buộc từ đủ 03 tháng trở lên trong thời gian 12 tháng liền kề trước khi sinh con.",
            ),
        ],
    ),
    S(
        "rut-bhxh-mot-lan",
        "Có nên rút bảo hiểm xã hội một lần?",
        ["bao-hiem-xa-hoi"],
        "Công nhân KCN Bắc Vinh hỏi",
        "Tôi nghỉ việc được 12 tháng, đã đóng bảo hiểm xã hội 8 năm, bắt đầu đóng từ trước năm 2025.",
        "Tôi có được rút bảo hiểm xã hội một lần không?",
        "<p><b>Có, nếu anh/chị đề nghị.</b> Người lao động có thời gian đóng bảo hiểm xã hội trước ngày "
        "01/7/2025 (ngày Luật Bảo hiểm xã hội 2024 có hiệu lực), sau <b>12 tháng</b> không thuộc đối tượng tham "
        "gia bảo hiểm xã hội bắt buộc, cũng không tham gia bảo hiểm xã hội tự nguyện, và có thời gian đóng "
        "<b>chưa đủ 20 năm</b> thì được hưởng bảo hiểm xã hội một lần. Anh/chị đã nghỉ 12 tháng và đóng 8 năm "
        "nên đủ điều kiện nếu trong 12 tháng đó không đóng bảo hiểm xã hội bắt buộc hay tự nguyện.</p>"
        "<p>Mức hưởng mỗi năm đóng bằng 1,5 tháng mức bình quân tiền lương đóng bảo hiểm xã hội cho năm đóng "
        "trước 2014 và 02 tháng cho năm đóng từ 2014 trở đi. Rút một lần thì thời gian đóng đó không còn được "
        "tính để hưởng lương hưu; công đoàn khuyên cân nhắc bảo lưu thời gian đóng để sau này hưởng lương "
        "hưu.</p>",
        [
            B(
                BHXH,
                "70",
                "1",
                "đ",
                excerpt="Người lao động có thời gian đóng bảo hiểm xã hội trước ngày Luật này có "
                "hiệu lực thi hành, sau 12 tháng không thuộc đối tượng tham gia bảo hiểm xã hội bắt buộc mà cũng "
                "không tham gia bảo hiểm xã hội tự nguyện và có thời gian đóng bảo hiểm xã hội chưa đủ 20 năm;",
            ),
            B(BHXH, "70", "3"),
            B(BHXH, "71"),
        ],
    ),
    S(
        "tro-cap-om-dau-con-om",
        "Nghỉ chăm con ốm có được hưởng bảo hiểm xã hội?",
        ["bao-hiem-xa-hoi"],
        "Đoàn viên Công đoàn Trường THPT Huỳnh Thúc Kháng hỏi",
        "Con tôi 2 tuổi bị sốt xuất huyết phải nằm viện 5 ngày.",
        "Tôi nghỉ chăm con có được hưởng trợ cấp không?",
        "<p><b>Có.</b> Người lao động đóng bảo hiểm xã hội bắt buộc nghỉ việc để chăm sóc con <b>dưới 07 tuổi</b> "
        "bị ốm đau được hưởng chế độ ốm đau. Mỗi năm, cho mỗi con, được tối đa <b>20 ngày làm việc nếu con dưới "
        "03 tuổi</b>, tối đa 15 ngày làm việc nếu con từ đủ 03 tuổi đến dưới 07 tuổi; cha và mẹ cùng đóng bảo "
        "hiểm xã hội thì mỗi người đều được hưởng theo mức này.</p>"
        "<p>Con anh/chị 2 tuổi, nghỉ 5 ngày nằm viện nằm trong giới hạn 20 ngày. Hãy nộp giấy ra viện của con "
        "cho công ty để làm hồ sơ hưởng trợ cấp.</p>",
        [
            B(BHXH, "42", "1", "e", excerpt="Chăm sóc con dưới 07 tuổi bị ốm đau."),
            B(
                BHXH,
                "44",
                "1",
                excerpt="Thời gian hưởng chế độ khi chăm sóc con ốm đau trong một năm (từ ngày 01 "
                "tháng 01 đến ngày 31 tháng 12) cho mỗi con tối đa là 20 ngày nếu con dưới 03 tuổi; tối đa là 15 "
                "ngày nếu con từ đủ 03 tuổi đến dưới 07 tuổi.",
            ),
            B(BHXH, "44", "2"),
            B(BHXH, "47", "1"),
        ],
    ),
    S(
        "cong-ty-no-bhxh",
        "Công ty nợ bảo hiểm xã hội thì quyền lợi của tôi thế nào?",
        ["bao-hiem-xa-hoi"],
        "Công nhân xã Diễn Châu hỏi",
        "Công ty trừ tiền bảo hiểm vào lương hằng tháng nhưng không nộp cho cơ quan bảo hiểm.",
        "Công ty chậm đóng bảo hiểm xã hội thì tôi có bị mất quyền lợi không?",
        "<p><b>Quyền lợi của anh/chị vẫn được pháp luật bảo vệ</b>: công ty phải đóng đủ phần còn nợ, và nếu việc "
        "không đóng hoặc đóng không đầy đủ gây thiệt hại cho anh/chị thì công ty phải bồi thường.</p>"
        "<p>Chậm đóng, trốn đóng bảo hiểm xã hội bắt buộc là hành vi bị nghiêm cấm. Công ty bị buộc đóng đủ số "
        "tiền chậm đóng, nộp thêm số tiền bằng 0,03%/ngày tính trên số tiền và số ngày chậm đóng, đồng thời bị "
        "xử phạt; nếu trốn đóng còn có thể bị truy cứu trách nhiệm hình sự.</p>"
        "<p>Anh/chị có quyền yêu cầu công ty thực hiện đầy đủ trách nhiệm bảo hiểm xã hội và được cơ quan bảo "
        "hiểm xã hội cung cấp thông tin về việc đóng của mình. Công đoàn có quyền yêu cầu công ty, cơ quan bảo "
        "hiểm xã hội cung cấp thông tin và khởi kiện khi công ty vi phạm gây ảnh hưởng đến quyền lợi người lao "
        "động. Hãy báo ngay cho công đoàn cơ sở.</p>",
        [
            B(BHXH, "9", "1", excerpt="Chậm đóng, trốn đóng bảo hiểm xã hội bắt buộc, bảo hiểm thất nghiệp."),
            B(
                BHXH,
                "40",
                "1",
                excerpt="Bắt buộc đóng đủ số tiền chậm đóng; nộp số tiền bằng 0,03%/ngày tính trên số "
                "tiền bảo hiểm xã hội, bảo hiểm thất nghiệp chậm đóng và số ngày chậm đóng vào quỹ bảo hiểm xã hội, "
                "quỹ bảo hiểm thất nghiệp.",
            ),
            B(BHXH, "40", "2"),
            B(BHXH, "41", "2"),
            B(BHXH, "13", "8"),
            B(BHXH, "10", "1"),
            B(BHXH, "14", "1"),
        ],
    ),
    S(
        "tro-cap-that-nghiep-2026",
        "Điều kiện, mức hưởng trợ cấp thất nghiệp từ năm 2026",
        ["bao-hiem-xa-hoi", "hop-dong-lao-dong"],
        "Công nhân KCN Bắc Vinh hỏi",
        "Hợp đồng của tôi hết hạn và công ty không ký tiếp. Tôi đã đóng bảo hiểm thất nghiệp liên tục 30 "
        "tháng, tiền lương đóng bảo hiểm 6 tháng cuối là 6.000.000 đồng/tháng.",
        "Tôi có được hưởng trợ cấp thất nghiệp không, được bao nhiêu và trong bao lâu?",
        "<p><b>Có</b>, nếu anh/chị đáp ứng đủ các điều kiện của Luật Việc làm 2025 (có hiệu lực từ 01/01/2026):</p>"
        "<ul><li>chấm dứt hợp đồng lao động theo đúng pháp luật, không phải trường hợp người lao động đơn phương "
        "chấm dứt hợp đồng trái pháp luật hoặc nghỉ việc khi đã đủ điều kiện hưởng lương hưu (hết hạn hợp đồng "
        "mà không ký tiếp là chấm dứt đúng luật);</li>"
        "<li>đã đóng bảo hiểm thất nghiệp <b>từ đủ 12 tháng trở lên trong 24 tháng</b> trước khi chấm dứt hợp "
        "đồng (hợp đồng từ 01 tháng đến dưới 12 tháng: từ đủ 12 tháng trong 36 tháng);</li>"
        "<li>nộp đủ hồ sơ hưởng trợ cấp thất nghiệp <b>trong 03 tháng</b> kể từ ngày chấm dứt hợp đồng;</li>"
        "<li>trong 10 ngày làm việc kể từ ngày nộp đủ hồ sơ, chưa có việc làm thuộc diện đóng bảo hiểm xã hội "
        "bắt buộc và không thuộc các trường hợp như thực hiện nghĩa vụ quân sự, đi học tập dài hạn, chấp hành án "
        "phạt tù, ra nước ngoài định cư.</li></ul>"
        "<p><b>Mức hưởng</b> hằng tháng bằng <b>60%</b> mức bình quân tiền lương tháng đóng bảo hiểm thất nghiệp "
        "của 06 tháng gần nhất trước khi thất nghiệp, nhưng <b>không quá 05 lần mức lương tối thiểu vùng</b> "
        "theo tháng. Với tiền lương đóng bảo hiểm 6.000.000 đồng, anh/chị được <b>3.600.000 đồng/tháng</b>.</p>"
        "<p><b>Thời gian hưởng</b> tính theo số tháng đã đóng: đóng từ 12 tháng đến 36 tháng được 03 tháng trợ "
        "cấp; sau đó cứ đóng thêm đủ 12 tháng thì được thêm 01 tháng, tối đa 12 tháng. Đóng 30 tháng thì được "
        "<b>03 tháng</b>. Trợ cấp "
        "được tính từ ngày làm việc thứ 11 kể từ ngày nộp đủ hồ sơ. Trong thời gian hưởng, hằng tháng phải thông "
        "báo việc tìm kiếm việc làm với trung tâm dịch vụ việc làm; không thông báo thì bị tạm dừng, có thể bị "
        "chấm dứt hưởng trợ cấp.</p>",
        [
            B(VIEC_LAM, "38", "1"),
            B(VIEC_LAM, "39", "1"),
            B(VIEC_LAM, "39", "2"),
            B(VIEC_LAM, "39", "3"),
            B(BLLD, "34", "1"),
        ],
    ),
    S(
        "sa-thai-vi-nghi-5-ngay",
        "Bị sa thải vì tự ý nghỉ việc",
        ["ky-luat-sa-thai"],
        "Công nhân KCN Nam Cấm hỏi",
        "Mẹ tôi ốm nặng, tôi về quê chăm 4 ngày không báo được công ty.",
        "Công ty có được sa thải tôi không?",
        "<p><b>Không.</b> Sa thải vì tự ý bỏ việc chỉ được áp dụng khi người lao động tự ý bỏ việc <b>05 ngày "
        "cộng dồn trong 30 ngày</b> hoặc 20 ngày cộng dồn trong 365 ngày mà không có lý do chính đáng. Anh/chị "
        "nghỉ 4 ngày nên chưa đến mức đó.</p>"
        "<p>Hơn nữa, <b>thân nhân bị ốm có xác nhận của cơ sở khám bệnh, chữa bệnh có thẩm quyền</b> là lý do "
        "chính đáng theo luật. Hãy xin giấy xác nhận của bệnh viện nơi mẹ điều trị và nộp cho công ty càng sớm "
        "càng tốt. Việc xử lý kỷ luật (nếu có) phải có sự tham gia của công đoàn cơ sở mà anh/chị là đoàn viên, "
        "và anh/chị có quyền tự bào chữa hoặc nhờ công đoàn bào chữa.</p>",
        [
            B(
                BLLD,
                "125",
                "4",
                excerpt="Người lao động tự ý bỏ việc 05 ngày cộng dồn trong thời hạn 30 ngày hoặc 20 "
                "ngày cộng dồn trong thời hạn 365 ngày tính từ ngày đầu tiên tự ý bỏ việc mà không có lý do chính "
                "đáng. Trường hợp được coi là có lý do chính đáng bao gồm thiên tai, hỏa hoạn, bản thân, thân nhân "
                "bị ốm có xác nhận của cơ sở khám bệnh, chữa bệnh có thẩm quyền và trường hợp khác được quy định "
                "trong nội quy lao động.",
            ),
            B(BLLD, "122", "1", "b"),
            B(BLLD, "122", "1", "c"),
        ],
    ),
    S(
        "phat-tien-thay-ky-luat",
        "Công ty phạt tiền vì đi làm muộn có đúng không?",
        ["ky-luat-sa-thai", "tien-luong"],
        "Đoàn viên Công đoàn cơ sở Công ty TNHH Luxshare-ICT Nghệ An hỏi",
        "Mỗi lần đi muộn 5 phút, công ty trừ 100.000 đồng vào lương.",
        "Trừ tiền lương thay cho xử lý kỷ luật có đúng luật không?",
        "<p><b>Không đúng.</b> Pháp luật nghiêm cấm <b>phạt tiền, cắt lương thay việc xử lý kỷ luật lao "
        "động</b>. Đi muộn chỉ có thể bị xử lý theo các hình thức kỷ luật lao động nếu hành vi đó được quy định "
        "trong nội quy lao động, theo đúng trình tự luật định. Anh/chị có thể đề nghị công đoàn cơ sở yêu cầu "
        "công ty chấm dứt việc trừ tiền và hoàn trả số đã trừ.</p>",
        [
            B(BLLD, "127", "2", excerpt="Phạt tiền, cắt lương thay việc xử lý kỷ luật lao động."),
            B(BLLD, "127", "3"),
        ],
    ),
    S(
        "ky-luat-cu-theo-blld-2012",
        "Thời hiệu xử lý kỷ luật lao động",
        ["ky-luat-sa-thai"],
        "Công nhân KCN Hoàng Mai hỏi",
        "Tôi bị lập biên bản vi phạm cách đây 8 tháng, nay công ty mới họp xử lý kỷ luật. Vi phạm không liên "
        "quan đến tiền, tài sản hay bí mật của công ty.",
        "Sau 8 tháng công ty còn được xử lý kỷ luật tôi không?",
        "<p><b>Không</b>, trong trường hợp của anh/chị. Thời hiệu xử lý kỷ luật lao động là <b>06 tháng</b> kể từ "
        "ngày xảy ra hành vi vi phạm; chỉ vi phạm liên quan trực tiếp đến tài chính, tài sản, tiết lộ bí mật "
        "công nghệ, bí mật kinh doanh của công ty mới có thời hiệu 12 tháng. Công ty phải ban hành quyết định "
        "kỷ luật trong thời hiệu.</p>"
        "<p>Thời hiệu chỉ được kéo dài (không quá 60 ngày) khi anh/chị đang trong những thời gian không được xử "
        "lý kỷ luật: nghỉ ốm đau, điều dưỡng, nghỉ việc được công ty đồng ý; bị tạm giữ, tạm giam; đang chờ kết "
        "luận của cơ quan có thẩm quyền về một số hành vi vi phạm nghiêm trọng; lao động nữ mang thai, nghỉ thai "
        "sản, nuôi con dưới 12 tháng tuổi. Nếu không rơi vào các trường hợp này, sau 8 tháng công ty không còn "
        "được xử lý kỷ luật anh/chị.</p>",
        [
            B(
                BLLD,
                "123",
                "1",
                excerpt="Thời hiệu xử lý kỷ luật lao động là 06 tháng kể từ ngày xảy ra hành vi vi "
                "phạm; trường hợp hành vi vi phạm liên quan trực tiếp đến tài chính, tài sản, tiết lộ bí mật công "
                "nghệ, bí mật kinh doanh của người sử dụng lao động thì thời hiệu xử lý kỷ luật lao động là 12 "
                "tháng.",
            ),
            B(BLLD, "123", "2"),
            B(BLLD, "123", "3"),
            B(BLLD, "122", "4"),
        ],
    ),
    S(
        "tai-nan-tren-duong-di-lam",
        "Tai nạn trên đường đi làm có được tính là tai nạn lao động?",
        ["an-toan-ve-sinh-lao-dong"],
        "Công nhân KCN Bắc Vinh hỏi",
        "Tôi bị xe máy va quệt trên tuyến đường thường ngày từ nhà đến nhà máy.",
        "Tai nạn trên đường đi làm có được hưởng chế độ tai nạn lao động không?",
        "<p><b>Có</b>, nếu tai nạn xảy ra trên tuyến đường đi từ nơi ở đến nơi làm việc (hoặc ngược lại) "
        "<b>trong khoảng thời gian và tuyến đường hợp lý</b>. Để được quỹ bảo hiểm tai nạn lao động, bệnh nghề "
        "nghiệp chi trả, anh/chị còn phải bị <b>suy giảm khả năng lao động từ 5% trở lên</b> do tai nạn đó và "
        "không thuộc các trường hợp bị loại trừ: tai nạn do mâu thuẫn của chính nạn nhân với người gây tai nạn "
        "mà không liên quan đến công việc, do cố ý tự hủy hoại sức khỏe, hoặc do sử dụng ma túy, chất gây nghiện "
        "trái pháp luật.</p>"
        "<p>Hãy giữ lại các giấy tờ về vụ tai nạn và hồ sơ điều trị, báo ngay cho công ty và công đoàn cơ sở để "
        "được hướng dẫn làm hồ sơ.</p>",
        [
            B(
                ATVSLD,
                "45",
                "1",
                "c",
                excerpt="Trên tuyến đường đi từ nơi ở đến nơi làm việc hoặc từ nơi làm việc về "
                "nơi ở trong khoảng thời gian và tuyến đường hợp lý;",
            ),
            B(
                ATVSLD,
                "45",
                "2",
                excerpt="Suy giảm khả năng lao động từ 5% trở lên do bị tai nạn quy định tại khoản "
                "1 Điều này;",
            ),
            B(ATVSLD, "45", "3"),
            B(ATVSLD, "40", "1"),
        ],
    ),
    S(
        "doan-vien-duoc-cong-doan-bao-ve",
        "Đoàn viên được công đoàn bảo vệ như thế nào khi có tranh chấp?",
        ["quyen-cong-doan"],
        "Đoàn viên Công đoàn cơ sở Công ty CP Tôn Hoa Sen Nghệ An hỏi",
        "Tôi có tranh chấp tiền lương với công ty và muốn khởi kiện.",
        "Công đoàn có đại diện cho tôi khi khởi kiện không?",
        "<p><b>Có.</b> Đoàn viên có quyền <b>yêu cầu công đoàn đại diện, bảo vệ quyền, lợi ích hợp pháp, chính "
        "đáng</b> khi bị xâm phạm, và được công đoàn <b>trợ giúp pháp lý miễn phí</b> về pháp luật lao động, "
        "công đoàn, việc làm, bảo hiểm xã hội và các lĩnh vực liên quan. Đại diện, bảo vệ quyền, lợi ích hợp "
        "pháp, chính đáng của đoàn viên và người lao động là quyền và trách nhiệm của công đoàn.</p>"
        "<p>Hãy gửi đề nghị bằng văn bản đến công đoàn cơ sở (hoặc công đoàn cấp trên) kèm các giấy tờ về tiền "
        "lương; công đoàn sẽ tư vấn cách giải quyết tranh chấp và cùng anh/chị thực hiện các thủ tục theo quy "
        "định.</p>",
        [B(CONG_DOAN, "21", "1"), B(CONG_DOAN, "21", "6"), B(CONG_DOAN, "11")],
    ),
    S(
        "thoi-gian-hoat-dong-cong-doan",
        "Cán bộ công đoàn không chuyên trách được dành bao nhiêu giờ cho hoạt động công đoàn?",
        ["quyen-cong-doan"],
        "Chủ tịch công đoàn cơ sở doanh nghiệp tại KCN Nam Cấm hỏi",
        "Công ty không cho tôi nghỉ để tham dự tập huấn công đoàn.",
        "Cán bộ công đoàn không chuyên trách có được dành thời gian làm công tác công đoàn không?",
        "<p><b>Có.</b> Cán bộ công đoàn không chuyên trách được sử dụng thời gian làm việc để làm công tác công "
        "đoàn và <b>được người sử dụng lao động trả lương</b>: <b>24 giờ mỗi tháng</b> với chủ tịch, phó chủ tịch "
        "công đoàn cơ sở; <b>12 giờ mỗi tháng</b> với ủy viên ban chấp hành, tổ trưởng, tổ phó công đoàn. Ban "
        "chấp hành công đoàn cơ sở và người sử dụng lao động có thể thỏa thuận thêm thời gian.</p>"
        "<p>Ngoài số giờ này, cán bộ công đoàn không chuyên trách <b>được nghỉ làm việc và được trả lương</b> "
        "trong những ngày tham dự đại hội, hội nghị, tập huấn do công đoàn cấp trên triệu tập. Công ty không cho "
        "anh/chị đi tập huấn do công đoàn cấp trên tổ chức là trái luật; hãy báo công đoàn cấp trên trực tiếp "
        "để được hỗ trợ.</p>",
        [B(CONG_DOAN, "27", "2"), B(CONG_DOAN, "27", "3")],
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
    for scenario in SCENARIOS:
        fields = {
            "title": scenario["title"],
            "summary": scenario["question"],
            "organisation": publisher,
            "asker": scenario["asker"],
            "situation": scenario["situation"],
            "question": scenario["question"],
            "answer": scenario["answer"],
            "reviewed_by": REVIEWER,
            "reviewed_on": CHECKED_ON,
            "under_review": scenario["under_review"],
            "review_note": scenario["review_note"],
        }
        topic_list = [by_slug[s] for s in scenario["topics"]]
        page, created = upsert_page(
            library,
            LegalScenarioPage,
            scenario["slug"],
            topics=topic_list,
            legal_bases=[LegalBasis(**basis) for basis in scenario["bases"]],
            **fields,
        )
        changed = not created and refresh(page, fields, topic_list, scenario["bases"])
        pages.count(created, changed)
    ctx.report(topics.describe("legal topics"))
    ctx.report(pages.describe("legal consultations"))


BASIS_FIELDS = ("instrument_code", "instrument_name", "article", "clause", "point", "excerpt")


def refresh(page: LegalScenarioPage, fields: dict, topics: list[LegalTopic], bases: list[dict]) -> bool:
    """Bring a demo page nobody has edited up to the current demo text: a corrected answer must
    reach databases seeded before the correction. A page an editor has saved is left alone."""
    latest = page.latest_revision
    if latest is not None and latest.user_id is not None:
        return False
    page = page.specific
    wanted_bases = [
        tuple(basis[name] for name in (*BASIS_FIELDS, "valid_from", "valid_until")) for basis in bases
    ]
    stored_bases = [
        tuple(getattr(basis, name) for name in (*BASIS_FIELDS, "valid_from", "valid_until"))
        for basis in page.legal_bases.all()
    ]
    differs = (
        any(getattr(page, name) != value for name, value in fields.items())
        or {topic.pk for topic in page.topics.all()} != {topic.pk for topic in topics}
        or stored_bases != wanted_bases
    )
    if not differs:
        return False
    for name, value in fields.items():
        setattr(page, name, value)
    page.topics = topics
    page.legal_bases = [LegalBasis(**basis) for basis in bases]
    page.save_revision().publish()
    return True


register_seeder("legal", seed, after=("organisations",), order=30)
