"""Write the registration sheets (Mẫu 1) shipped with the project.

* ``samples/xa-an-phu/dang_ky.xlsx``: 30 registrations of the fictional xã An Phú;
* ``dvk_docs/scaffold/{party,state}/dang_ky.xlsx``: the starter sheet ``dvk-docs new``
  copies, holding the same example rows as the scaffold's dataset.yaml.

Each sheet is laid out the way units actually send it (Mẫu 1 "Tổng hợp đăng ký mô hình"):
two title rows, the header row, a row of column numbers, then one group row per lĩnh vực
("I. Lĩnh vực phát triển kinh tế", text in column A) followed by its rows, marked "x" in the
tập thể / cá nhân and Mới / Có từ trước / Nhân rộng columns, and a "Tổng cộng" row.

All units and people are invented. Run from the repository root::

    .venv/bin/python tools/make_sample_sheet.py
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

YEAR = 2026
ROOT = Path(__file__).resolve().parent.parent
TITLE = f"TỔNG HỢP ĐĂNG KÝ MÔ HÌNH “DÂN VẬN KHÉO” NĂM {YEAR}"

HEADERS = [
    "STT",
    "Chủ thể thực hiện (ghi địa chỉ, chức vụ, nơi công tác nếu là cá nhân)",
    "Mô hình tập thể",
    "Mô hình cá nhân",
    "Tên mô hình",
    f"Mô hình đăng ký mới năm {YEAR}",
    "Mô hình có từ trước",
    "Mô hình nhân rộng",
    "Dự kiến kết quả cần đạt",
    "Đơn vị quản lý",
]
WIDTHS = [6, 34, 9, 9, 32, 11, 11, 11, 46, 26]

# One row: (registrant, kind, model name, status, expected results, managing body).
# Kind: "tt" tập thể, "cn" cá nhân. Status: "moi", "cu" (có từ trước), "nr" (nhân rộng).
Row = tuple[str, str, str, str, str, str]
Groups = list[tuple[str, list[Row]]]

KT, VHXH, QPAN, XDHTCT = (
    "I. Lĩnh vực phát triển kinh tế",
    "II. Lĩnh vực văn hóa - xã hội",
    "III. Lĩnh vực quốc phòng - an ninh",
    "IV. Lĩnh vực xây dựng hệ thống chính trị",
)

MTTQ = "Chi bộ Cơ quan Mặt trận Tổ quốc xã"
AN_PHU: Groups = [
    (KT, [
        ("Hội Nông dân xã", "tt",
         "Tổ hợp tác trồng bơ ghép theo hướng VietGAP", "nr",
         "Mở rộng tổ hợp tác lên 40 hộ, 35 ha; 100% hộ thành viên ghi nhật ký canh tác "
         "điện tử; thu nhập bình quân tăng 10% so với năm 2025.", MTTQ),
        ("Chi bộ thôn Phú Lợi", "tt",
         "Dân vận khéo trong mở rộng đường nội đồng", "moi",
         "Vận động 100% hộ có đất liền kề hiến đất; mở rộng 2,5 km đường nội đồng lên 4 m; "
         "không phát sinh đơn thư khiếu nại.", "Đảng ủy xã An Phú"),
        ("Hội Liên hiệp Phụ nữ xã", "tt",
         "Phụ nữ An Phú khởi nghiệp với sản phẩm địa phương", "moi",
         "Hỗ trợ 15 hội viên khởi nghiệp; có thêm 01 sản phẩm đạt OCOP 3 sao.", MTTQ),
        ("Ông Lê Văn Thuận - Tổ trưởng Tổ hợp tác cà phê thôn Bàu Sen", "cn",
         "Tái canh cà phê, giảm phân bón hóa học", "cu",
         "Hướng dẫn 25 hộ tái canh 12 ha cà phê; giảm 30% lượng phân bón hóa học, "
         "năng suất không thấp hơn năm trước.", "Chi bộ thôn Bàu Sen"),
        ("Chi bộ thôn Bàu Sen", "tt",
         "Bò giống luân chuyển giúp hộ nghèo", "cu",
         "Bàn giao 06 con bò giống cho 06 hộ nghèo, cận nghèo; ít nhất 02 hộ thoát nghèo "
         f"cuối năm {YEAR}.", "Đảng ủy xã An Phú"),
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "tt",
         "Thanh niên đưa nông sản lên sàn thương mại điện tử", "moi",
         "Lập 01 gian hàng chung của xã; hỗ trợ 30 hộ bán nông sản trực tuyến.", MTTQ),
        ("Bà Nguyễn Thị Hạnh - Chi hội trưởng Chi hội Phụ nữ thôn An Lạc", "cn",
         "Tổ tiết kiệm “Góp gạo nuôi heo” giúp phụ nữ nghèo", "nr",
         "Thành lập thêm 02 tổ tiết kiệm ở thôn Gò Mít, Phú Lợi; 40 hội viên được vay "
         "vốn không lãi.", "Hội Liên hiệp Phụ nữ xã"),
        ("Hội Cựu chiến binh xã", "tt",
         "Cựu chiến binh giúp nhau làm kinh tế vườn", "cu",
         "Cải tạo 10 vườn tạp; 100% hội viên không còn hộ nghèo.", MTTQ),
    ]),
    (VHXH, [
        ("Chi bộ thôn An Lạc", "tt",
         "Đường hoa, đèn sáng khu dân cư", "moi",
         "Trồng 1,8 km đường hoa; lắp 120 bóng đèn chiếu sáng từ đóng góp của Nhân dân.",
         "Đảng ủy xã An Phú"),
        ("Hội Liên hiệp Phụ nữ xã", "tt",
         "Phân loại rác tại nguồn, đổi rác lấy quà", "nr",
         "Nhân rộng ra 4/4 thôn; 80% hộ gia đình phân loại rác tại nguồn.", MTTQ),
        ("Trường Tiểu học An Phú", "tt",
         "Đôi bạn cùng tiến - không để học sinh bỏ học", "cu",
         "100% học sinh có hoàn cảnh khó khăn được kèm cặp; không có học sinh bỏ học.",
         "Chi bộ Trường Tiểu học An Phú"),
        ("Trạm Y tế xã", "tt",
         "Khám sàng lọc bệnh không lây nhiễm tại nhà cho người cao tuổi", "moi",
         "Khám sàng lọc cho 500 người từ 60 tuổi trở lên; quản lý 100% người mắc tăng "
         "huyết áp, đái tháo đường.", "Chi bộ Trạm Y tế xã"),
        ("Bà Phạm Thị Thu Trang - Giáo viên Trường Tiểu học An Phú", "cn",
         "Lớp học “Bình dân học vụ số” cho người cao tuổi", "moi",
         "Mở 04 lớp, 120 học viên biết dùng điện thoại thông minh để nộp hồ sơ trực "
         "tuyến và nhận biết tin giả.", "Chi bộ Trường Tiểu học An Phú"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", "tt",
         "Ngôi nhà Đại đoàn kết - góp sức từ cộng đồng", "cu",
         "Xây mới 03 nhà, sửa chữa 02 nhà Đại đoàn kết cho hộ khó khăn về nhà ở.", MTTQ),
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "tt",
         "Ngày Chủ nhật xanh", "nr",
         "Tổ chức 12 đợt ra quân; xóa 10 điểm rác tự phát.", MTTQ),
        ("Ông Hoàng Văn Bình - Trưởng thôn Gò Mít", "cn",
         "Việc cưới, việc tang văn minh, tiết kiệm", "cu",
         "100% đám cưới, đám tang trong thôn thực hiện đúng hương ước; không rải vàng mã "
         "trên đường.", "Chi bộ thôn Gò Mít"),
    ]),
    (QPAN, [
        ("Công an xã An Phú", "tt",
         "Camera an ninh - đôi mắt khu dân cư", "nr",
         "Vận động xã hội hóa lắp thêm 24 camera tại 4 thôn, kết nối về Công an xã.",
         "Chi bộ Công an xã"),
        ("Ban Chỉ huy Quân sự xã", "tt",
         "Dân quân giúp dân ngày mùa", "cu",
         "Tổ chức 300 ngày công giúp gia đình chính sách, hộ neo đơn thu hoạch mùa vụ.",
         "Chi bộ Quân sự xã"),
        ("Chi bộ thôn Bàu Sen", "tt",
         "Tổ hòa giải “Ba không” ở khu dân cư", "moi",
         "Hòa giải thành trên 90% vụ việc; không để mâu thuẫn kéo dài, không có đơn "
         "thư vượt cấp.", "Đảng ủy xã An Phú"),
        ("Ông Đỗ Minh Tuấn - Phó Trưởng Công an xã An Phú", "cn",
         "Phòng, chống lừa đảo trên không gian mạng cho người cao tuổi", "moi",
         "Tuyên truyền trực tiếp tại 4 thôn; không để người dân trong xã bị lừa đảo "
         "chiếm đoạt tài sản qua mạng.", "Chi bộ Công an xã"),
        ("Hội Cựu chiến binh xã", "tt",
         "Tổ cựu chiến binh tự quản an toàn giao thông giờ tan trường", "moi",
         "Duy trì 02 tổ tại cổng trường; không xảy ra tai nạn giao thông khu vực trường "
         "học.", MTTQ),
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã", "tt",
         "Đội thanh niên xung kích phòng, chống thiên tai", "cu",
         "Duy trì đội 30 đoàn viên; tham gia 100% đợt ứng phó mưa bão, sạt lở trên địa "
         "bàn.", MTTQ),
        ("Ông Vũ Đình Khang - Thôn đội trưởng thôn Phú Lợi", "cn",
         "Vận động thanh niên sẵn sàng nhập ngũ", "cu",
         "Thôn Phú Lợi hoàn thành 100% chỉ tiêu giao quân; không có thanh niên trốn "
         "khám tuyển.", "Ban Chỉ huy Quân sự xã"),
    ]),
    (XDHTCT, [
        ("Trung tâm Phục vụ hành chính công xã", "tt",
         "Một lần đến, trọn việc về", "moi",
         "100% hồ sơ giải quyết đúng hạn; 80% hồ sơ nộp trực tuyến; mức hài lòng của "
         "người dân đạt từ 95% trở lên.", "Chi bộ Cơ quan Ủy ban nhân dân xã"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", "tt",
         "Đối thoại giữa Nhân dân với cấp ủy, chính quyền tại khu dân cư", "cu",
         "Tổ chức 04 buổi đối thoại; 100% kiến nghị được trả lời trong 30 ngày.", MTTQ),
        ("Chi bộ thôn An Lạc", "tt",
         "Sinh hoạt chi bộ gắn với lắng nghe ý kiến Nhân dân", "nr",
         "Mỗi quý tổ chức 01 kỳ sinh hoạt có mời đại diện hộ dân dự; xếp loại chi bộ "
         "hoàn thành tốt nhiệm vụ trở lên.", "Đảng ủy xã An Phú"),
        ("Trạm Y tế xã", "tt",
         "Đón tiếp người bệnh bằng nụ cười", "moi",
         "Không có phản ánh về thái độ phục vụ; mức hài lòng người bệnh từ 90% trở lên.",
         "Chi bộ Trạm Y tế xã"),
        ("Bà Trịnh Thị Lan - Công chức Trung tâm Phục vụ hành chính công xã An Phú", "cn",
         "Hướng dẫn thủ tục trực tuyến tận nhà cho người dân", "moi",
         "Hướng dẫn 200 lượt người dân nộp hồ sơ trực tuyến; lập 04 nhóm Zalo hỗ trợ "
         "theo thôn.", "Chi bộ Cơ quan Ủy ban nhân dân xã"),
        ("Hội Cựu chiến binh xã", "tt",
         "Cựu chiến binh tham gia giám sát đầu tư của cộng đồng", "cu",
         "Giám sát 100% công trình có vốn đóng góp của Nhân dân; công khai kết quả tại "
         "hội nghị thôn.", MTTQ),
        ("Ông Nguyễn Hữu Phước - Bí thư Chi bộ thôn Gò Mít", "cn",
         "Bí thư chi bộ đến từng hộ nghe dân nói", "cu",
         "Gặp gỡ 100% hộ trong thôn; giải quyết hoặc chuyển cấp có thẩm quyền 100% ý "
         "kiến, kiến nghị.", "Chi bộ thôn Gò Mít"),
    ]),
]

# Columns the phiếu đăng ký prints (seed 002 and the State phiếu): địa bàn, nội dung - cách
# làm, thời gian, người phụ trách, the date of the phiếu and who signs it. Only the An Phú
# sheet has them; the scaffold sheets keep the short Mẫu 1 layout.
EXTRA_HEADERS = [
    "Địa bàn thực hiện",
    "Nội dung, cách làm",
    "Thời gian thực hiện",
    "Người phụ trách",
    "Ngày đăng ký",
    "Người đại diện ký",
    "Chức vụ người ký",
]
EXTRA_WIDTHS = [24, 46, 16, 30, 12, 22, 24]

# model name -> (địa bàn, cách làm, thời gian, người phụ trách, ngày, người ký, chức vụ)
Extra = tuple[str, str, str, str, str, str, str]
CHI_BO = "T/M Chi bộ - Bí thư"
BCH = "T/M Ban Chấp hành - Chủ tịch"
DOAN = "T/M Ban Chấp hành - Bí thư"
CN = "Người đăng ký"
AN_PHU_EXTRA: dict[str, Extra] = {
    "Tổ hợp tác trồng bơ ghép theo hướng VietGAP": (
        "Thôn An Lạc, Bàu Sen", "Chọn 05 hộ làm tốt làm “vườn mẫu”; tập huấn tại vườn mỗi quý; "
        "lập nhóm Zalo ghi nhật ký canh tác; liên kết doanh nghiệp bao tiêu sản phẩm.",
        "Tháng 02 - 11/2026", "Đồng chí Mai Văn Tường - Chủ tịch Hội Nông dân xã",
        "03/02/2026", "Mai Văn Tường", BCH),
    "Dân vận khéo trong mở rộng đường nội đồng": (
        "Tuyến đường nội đồng Phú Lợi - Bàu Sen", "Chi bộ ra nghị quyết chuyên đề; đo đạc, cắm "
        "mốc công khai; đảng viên hiến đất trước, mỗi đảng viên phụ trách 5 - 7 hộ; công khai "
        "thu chi hằng tuần.", "Tháng 01 - 9/2026",
        "Đồng chí Trần Quang Vinh - Bí thư Chi bộ, Trưởng thôn", "26/01/2026",
        "Trần Quang Vinh", CHI_BO),
    "Phụ nữ An Phú khởi nghiệp với sản phẩm địa phương": (
        "Toàn xã", "Chọn 15 hội viên có ý tưởng; mời chuyên gia hướng dẫn lập phương án; giới "
        "thiệu vay vốn ưu đãi; hỗ trợ hoàn thiện hồ sơ đánh giá OCOP.", "Tháng 3 - 11/2026",
        "Đồng chí Hồ Thị Kim Loan - Chủ tịch Hội Liên hiệp Phụ nữ xã", "04/02/2026",
        "Hồ Thị Kim Loan", BCH),
    "Tái canh cà phê, giảm phân bón hóa học": (
        "Thôn Bàu Sen", "Làm mẫu trên vườn nhà; hướng dẫn ủ phân hữu cơ từ vỏ cà phê; đổi công "
        "giữa các hộ khi tái canh.", "Tháng 02 - 10/2026",
        "Ông Lê Văn Thuận - Tổ trưởng Tổ hợp tác cà phê thôn Bàu Sen", "30/01/2026",
        "Lê Văn Thuận", CN),
    "Bò giống luân chuyển giúp hộ nghèo": (
        "Thôn Bàu Sen", "Họp dân bình xét công khai hộ nhận bò; hộ nhận ký cam kết chuyển bê "
        "đầu cho hộ khác; đảng viên kèm cặp cách chăm sóc.", "Tháng 3 - 12/2026",
        "Đồng chí Lê Thị Mai - Bí thư Chi bộ thôn Bàu Sen", "28/01/2026", "Lê Thị Mai",
        CHI_BO),
    "Thanh niên đưa nông sản lên sàn thương mại điện tử": (
        "Toàn xã", "Lập gian hàng chung của xã; đoàn viên chụp ảnh, đăng bán giúp hộ dân; "
        "tập huấn livestream bán hàng tại nhà văn hóa thôn.", "Tháng 4 - 12/2026",
        "Đồng chí Phan Minh Nhật - Bí thư Đoàn xã", "06/02/2026", "Phan Minh Nhật", DOAN),
    "Tổ tiết kiệm “Góp gạo nuôi heo” giúp phụ nữ nghèo": (
        "Thôn Gò Mít, Phú Lợi", "Mỗi hội viên góp 01 kg gạo hoặc 20.000 đồng mỗi tháng; lần "
        "lượt cho vay không lãi mua heo giống; sinh hoạt tổ hằng tháng.", "Tháng 02 - 12/2026",
        "Bà Nguyễn Thị Hạnh - Chi hội trưởng Chi hội Phụ nữ thôn An Lạc", "02/02/2026",
        "Nguyễn Thị Hạnh", CN),
    "Cựu chiến binh giúp nhau làm kinh tế vườn": (
        "Thôn Gò Mít, An Lạc", "Hội viên có kinh nghiệm nhận kèm hội viên khó khăn; góp công "
        "cải tạo vườn tạp; giới thiệu giống cây phù hợp.", "Tháng 3 - 11/2026",
        "Đồng chí Trịnh Văn Sơn - Chủ tịch Hội Cựu chiến binh xã", "05/02/2026",
        "Trịnh Văn Sơn", BCH),
    "Đường hoa, đèn sáng khu dân cư": (
        "Thôn An Lạc", "Họp dân thống nhất mức đóng góp; mỗi hộ trồng và chăm sóc hoa trước "
        "nhà; công khai thu chi tại nhà văn hóa.", "Tháng 02 - 8/2026",
        "Đồng chí Đinh Công Tráng - Bí thư Chi bộ thôn An Lạc", "27/01/2026",
        "Đinh Công Tráng", CHI_BO),
    "Phân loại rác tại nguồn, đổi rác lấy quà": (
        "4/4 thôn", "Phát túi, thùng phân loại; mỗi tháng một “phiên chợ” đổi rác tái chế lấy "
        "quà; hội viên nòng cốt đến từng nhà hướng dẫn.", "Tháng 3 - 11/2026",
        "Đồng chí Hồ Thị Kim Loan - Chủ tịch Hội Liên hiệp Phụ nữ xã", "04/02/2026",
        "Hồ Thị Kim Loan", BCH),
    "Đôi bạn cùng tiến - không để học sinh bỏ học": (
        "Trường Tiểu học An Phú", "Ghép đôi học sinh khá kèm bạn khó khăn; giáo viên chủ nhiệm "
        "thăm gia đình mỗi học kỳ; vận động học bổng, sách vở.", "Tháng 02 - 12/2026",
        "Đồng chí Lưu Văn Cường - Bí thư Chi bộ, Phó Hiệu trưởng", "29/01/2026",
        "Mã Thị Phương Thảo", "Hiệu trưởng"),
    "Khám sàng lọc bệnh không lây nhiễm tại nhà cho người cao tuổi": (
        "4/4 thôn", "Lập danh sách người từ 60 tuổi; nhân viên y tế thôn hẹn lịch, khám tại "
        "nhà; lập sổ quản lý, nhắc tái khám qua điện thoại.", "Tháng 3 - 11/2026",
        "Đồng chí Kim Thị Hoa - Trạm trưởng Trạm Y tế xã", "03/02/2026", "Kim Thị Hoa",
        "Trạm trưởng"),
    "Lớp học “Bình dân học vụ số” cho người cao tuổi": (
        "Trường Tiểu học An Phú", "Mỗi buổi một thao tác; học theo nhóm 3 người; học sinh làm "
        "“trợ giảng nhí”; sổ tay chữ to có hình từng bước.", "Tháng 3 - 8/2026",
        "Bà Phạm Thị Thu Trang - Giáo viên Trường Tiểu học An Phú", "09/02/2026",
        "Phạm Thị Thu Trang", CN),
    "Ngôi nhà Đại đoàn kết - góp sức từ cộng đồng": (
        "Toàn xã", "Bình xét công khai hộ khó khăn về nhà ở tại khu dân cư; vận động doanh "
        "nghiệp, con em xa quê đóng góp; Nhân dân góp ngày công.", "Tháng 3 - 12/2026",
        "Đồng chí Bạch Văn Lộc - Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã", "05/02/2026",
        "Bạch Văn Lộc", "T/M Ban Thường trực - Chủ tịch"),
    "Ngày Chủ nhật xanh": (
        "Các tuyến đường liên thôn", "Ra quân Chủ nhật cuối tháng; mỗi chi đoàn nhận một tuyến "
        "đường; phối hợp thôn vận động hộ dân cùng làm.", "Tháng 02 - 12/2026",
        "Đồng chí Phan Minh Nhật - Bí thư Đoàn xã", "06/02/2026", "Phan Minh Nhật", DOAN),
    "Việc cưới, việc tang văn minh, tiết kiệm": (
        "Thôn Gò Mít", "Đưa quy định vào hương ước; trưởng thôn đến nhà gia đình có việc cưới, "
        "tang để vận động; biểu dương hộ thực hiện tốt.", "Tháng 01 - 12/2026",
        "Ông Hoàng Văn Bình - Trưởng thôn Gò Mít", "30/01/2026", "Hoàng Văn Bình", CN),
    "Camera an ninh - đôi mắt khu dân cư": (
        "4/4 thôn", "Họp dân chọn vị trí lắp; hộ kinh doanh góp tiền, hộ khó khăn góp công; kết "
        "nối camera về Công an xã; công khai người đóng góp.", "Tháng 01 - 8/2026",
        "Trung tá Lý Hoàng Nam - Trưởng Công an xã", "28/01/2026", "Lý Hoàng Nam",
        "Trưởng Công an xã"),
    "Dân quân giúp dân ngày mùa": (
        "4/4 thôn", "Lập danh sách gia đình chính sách, hộ neo đơn; phân công tiểu đội dân quân "
        "giúp thu hoạch theo mùa vụ.", "Tháng 3 - 12/2026",
        "Đồng chí Tạ Văn Cường - Chỉ huy trưởng Ban Chỉ huy Quân sự xã", "02/02/2026",
        "Tạ Văn Cường", "Chỉ huy trưởng"),
    "Tổ hòa giải “Ba không” ở khu dân cư": (
        "Thôn Bàu Sen", "Tổ hòa giải có người cao tuổi, cựu chiến binh; nắm mâu thuẫn từ sớm, "
        "hòa giải tại nhà; đảng viên theo dõi đến khi ổn định.", "Tháng 02 - 12/2026",
        "Đồng chí Lê Thị Mai - Bí thư Chi bộ thôn Bàu Sen", "28/01/2026", "Lê Thị Mai",
        CHI_BO),
    "Phòng, chống lừa đảo trên không gian mạng cho người cao tuổi": (
        "4/4 thôn", "Tuyên truyền tại hội nghị thôn, sinh hoạt chi hội người cao tuổi; kể vụ "
        "việc có thật; lập đường dây nóng báo tin.", "Tháng 3 - 11/2026",
        "Ông Đỗ Minh Tuấn - Phó Trưởng Công an xã An Phú", "31/01/2026", "Đỗ Minh Tuấn", CN),
    "Tổ cựu chiến binh tự quản an toàn giao thông giờ tan trường": (
        "Cổng Trường Tiểu học An Phú", "Hội viên chia ca trực cổng trường giờ tan học; phối "
        "hợp nhà trường nhắc phụ huynh đội mũ bảo hiểm cho con.", "Tháng 02 - 12/2026",
        "Đồng chí Trịnh Văn Sơn - Chủ tịch Hội Cựu chiến binh xã", "05/02/2026",
        "Trịnh Văn Sơn", BCH),
    "Đội thanh niên xung kích phòng, chống thiên tai": (
        "Toàn xã", "Duy trì đội xung kích 30 đoàn viên; tập huấn kỹ năng cứu hộ; trực ứng phó "
        "khi có mưa bão, sạt lở.", "Tháng 01 - 12/2026",
        "Đồng chí Phan Minh Nhật - Bí thư Đoàn xã", "06/02/2026", "Phan Minh Nhật", DOAN),
    "Vận động thanh niên sẵn sàng nhập ngũ": (
        "Thôn Phú Lợi", "Đến từng gia đình có thanh niên trong độ tuổi; mời quân nhân xuất ngũ "
        "chia sẻ; phối hợp Đoàn thanh niên tổ chức giao lưu.", "Tháng 01 - 12/2026",
        "Ông Vũ Đình Khang - Thôn đội trưởng thôn Phú Lợi", "29/01/2026", "Vũ Đình Khang",
        CN),
    "Một lần đến, trọn việc về": (
        "Trung tâm Phục vụ hành chính công xã", "Hướng dẫn hồ sơ một lần đầy đủ; nhắn tin báo "
        "tiến độ; hỗ trợ nộp trực tuyến tại quầy; khảo sát hài lòng hằng quý.",
        "Tháng 02 - 12/2026", "Đồng chí Mẫn Văn Lâm - Giám đốc Trung tâm", "02/02/2026",
        "Mẫn Văn Lâm", "Giám đốc"),
    "Đối thoại giữa Nhân dân với cấp ủy, chính quyền tại khu dân cư": (
        "4/4 thôn", "Thu thập ý kiến trước đối thoại qua Ban công tác Mặt trận thôn; mời lãnh đạo "
        "xã trả lời trực tiếp; theo dõi, thông báo kết quả giải quyết.", "Tháng 3 - 11/2026",
        "Đồng chí Bạch Văn Lộc - Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã", "05/02/2026",
        "Bạch Văn Lộc", "T/M Ban Thường trực - Chủ tịch"),
    "Sinh hoạt chi bộ gắn với lắng nghe ý kiến Nhân dân": (
        "Thôn An Lạc", "Mỗi quý một kỳ sinh hoạt mở rộng mời đại diện hộ dân; ghi sổ ý kiến, "
        "phân công đảng viên giải quyết và báo lại kết quả.", "Tháng 3 - 12/2026",
        "Đồng chí Đinh Công Tráng - Bí thư Chi bộ thôn An Lạc", "27/01/2026",
        "Đinh Công Tráng", CHI_BO),
    "Đón tiếp người bệnh bằng nụ cười": (
        "Trạm Y tế xã", "Bố trí nhân viên đón tiếp, hướng dẫn; hộp thư góp ý và số điện thoại "
        "đường dây nóng; khảo sát hài lòng người bệnh hằng tháng.", "Tháng 02 - 12/2026",
        "Đồng chí Kim Thị Hoa - Trạm trưởng Trạm Y tế xã", "03/02/2026", "Kim Thị Hoa",
        "Trạm trưởng"),
    "Hướng dẫn thủ tục trực tuyến tận nhà cho người dân": (
        "4/4 thôn", "Hẹn lịch qua trưởng thôn, đến nhà hướng dẫn nộp hồ sơ trên điện thoại; lập "
        "nhóm Zalo hỗ trợ theo thôn.", "Tháng 3 - 11/2026",
        "Bà Trịnh Thị Lan - Công chức Trung tâm Phục vụ hành chính công xã", "04/02/2026",
        "Trịnh Thị Lan", CN),
    "Cựu chiến binh tham gia giám sát đầu tư của cộng đồng": (
        "4/4 thôn", "Cử hội viên vào Ban giám sát đầu tư cộng đồng; theo dõi từng công trình có "
        "vốn Nhân dân đóng góp; báo cáo kết quả tại hội nghị thôn.", "Tháng 3 - 12/2026",
        "Đồng chí Trịnh Văn Sơn - Chủ tịch Hội Cựu chiến binh xã", "05/02/2026",
        "Trịnh Văn Sơn", BCH),
    "Bí thư chi bộ đến từng hộ nghe dân nói": (
        "Thôn Gò Mít", "Mỗi tuần hai buổi tối đến thăm hộ dân cùng đảng viên gần nhà; ghi sổ ý "
        "kiến, hẹn ngày trả lời; việc vượt thẩm quyền chuyển xã bằng văn bản.",
        "Tháng 01 - 12/2026", "Ông Nguyễn Hữu Phước - Bí thư Chi bộ thôn Gò Mít", "30/01/2026",
        "Nguyễn Hữu Phước", CN),
}


# The scaffold sheets: the same three examples as the scaffold dataset.yaml, under all
# four group rows so a unit sees where its rows go.
SCAFFOLD_PARTY: Groups = [
    (KT, [
        ("Ông Lê Văn C - Chi hội trưởng Chi hội Nông dân thôn Mẫu", "cn",
         "Hướng dẫn bà con sản xuất rau an toàn", "cu",
         "20 hộ trồng rau theo quy trình an toàn; thu nhập tăng 10% so với năm trước.",
         "Hội Nông dân xã"),
    ]),
    (VHXH, [
        ("Chi bộ thôn Mẫu", "tt", "Đường làng sáng - xanh - sạch", "moi",
         "Trồng 1 km đường hoa; 100% hộ dân tham gia vệ sinh đường làng hằng tuần.",
         "Đảng ủy xã Mẫu"),
    ]),
    (QPAN, [
        ("Công an xã Mẫu", "tt", "Camera an ninh khu dân cư", "nr",
         "Mỗi thôn có ít nhất 05 camera kết nối về Công an xã.", "Chi bộ Công an xã"),
    ]),
    (XDHTCT, []),
]
SCAFFOLD_STATE: Groups = [
    (KT, []),
    (VHXH, [
        ("Bà Trần Thị E - Công chức Văn hóa - Xã hội, UBND xã Mẫu", "cn",
         "Lớp học kỹ năng số cho người cao tuổi", "moi",
         "Mở 02 lớp, 60 người cao tuổi biết nộp hồ sơ trực tuyến.",
         "Ủy ban nhân dân xã Mẫu"),
    ]),
    (QPAN, [
        ("Công an xã Mẫu", "tt", "Camera an ninh khu dân cư", "nr",
         "Mỗi thôn có ít nhất 05 camera kết nối về Công an xã.", "Chi bộ Công an xã"),
    ]),
    (XDHTCT, [
        ("Trung tâm Phục vụ hành chính công xã", "tt", "Một lần đến, trọn việc về", "moi",
         "100% hồ sơ giải quyết đúng hạn; mức hài lòng của người dân từ 95% trở lên.",
         "Ủy ban nhân dân xã Mẫu"),
    ]),
]

# (output file, subtitle row, groups)
SHEETS: list[tuple[Path, str, Groups, dict[str, Extra] | None]] = [
    (ROOT / "samples" / "xa-an-phu" / "dang_ky.xlsx",
     "(Các chi bộ, cơ quan, đơn vị xã An Phú gửi về Ban Xây dựng Đảng Đảng ủy xã)", AN_PHU,
     AN_PHU_EXTRA),
    (ROOT / "dvk_docs" / "scaffold" / "party" / "dang_ky.xlsx",
     "(Đơn vị gửi về Ban Xây dựng Đảng Đảng ủy xã Mẫu)", SCAFFOLD_PARTY, None),
    (ROOT / "dvk_docs" / "scaffold" / "state" / "dang_ky.xlsx",
     "(Đơn vị gửi về Văn phòng HĐND và UBND xã Mẫu)", SCAFFOLD_STATE, None),
]

STATUS_COLUMN = {"moi": 6, "cu": 7, "nr": 8}
KIND_COLUMN = {"tt": 3, "cn": 4}

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "Times New Roman"
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)


def build_workbook(subtitle: str, groups: Groups,
                   extra: dict[str, Extra] | None = None) -> Workbook:
    book = Workbook()
    book.properties.creator = "dvk-docs"
    book.properties.title = TITLE
    ws = book.active
    ws.title = "Dang ky"
    headers = HEADERS + (EXTRA_HEADERS if extra else [])
    widths = WIDTHS + (EXTRA_WIDTHS if extra else [])
    ncols = len(headers)
    last = get_column_letter(ncols)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width

    ws["A1"] = TITLE
    ws["A1"].font = Font(name=FONT, size=13, bold=True)
    ws["A2"] = subtitle
    ws["A2"].font = Font(name=FONT, size=12, italic=True)
    for row in (1, 2):
        ws.merge_cells(f"A{row}:{last}{row}")
        ws[f"A{row}"].alignment = CENTER

    header_row, numbers_row = 3, 4
    for col, label in enumerate(headers, start=1):
        cell = ws.cell(header_row, col, label)
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.alignment = CENTER
        cell.border = BORDER
        number = ws.cell(numbers_row, col, col)
        number.font = Font(name=FONT, size=10, italic=True)
        number.alignment = CENTER
        number.border = BORDER
    ws.row_dimensions[header_row].height = 60

    row = numbers_row + 1
    totals: Counter[str] = Counter()
    for heading, items in groups:
        ws.cell(row, 1, heading).font = Font(name=FONT, size=12, bold=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        for col in range(1, ncols + 1):
            ws.cell(row, col).border = BORDER
        row += 1
        for stt, (registrant, kind, model, status, expected, managing) in enumerate(
            items, start=1
        ):
            values: dict[int, object] = {1: stt, 2: registrant, 5: model, 9: expected,
                                         10: managing, KIND_COLUMN[kind]: "x",
                                         STATUS_COLUMN[status]: "x"}
            if extra:
                for col, value in enumerate(extra[model], start=len(HEADERS) + 1):
                    values[col] = (dt.datetime.strptime(value, "%d/%m/%Y")
                                   if col == len(HEADERS) + 5 else value)
            for col in range(1, ncols + 1):
                cell = ws.cell(row, col, values.get(col))
                cell.font = Font(name=FONT, size=12)
                cell.alignment = CENTER if col in {1, 3, 4, 6, 7, 8} else LEFT
                cell.border = BORDER
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "DD/MM/YYYY"
            totals[kind] += 1
            totals[status] += 1
            row += 1

    total_values = {1: "Tổng cộng", 3: totals["tt"], 4: totals["cn"], 6: totals["moi"],
                    7: totals["cu"], 8: totals["nr"]}
    for col in range(1, ncols + 1):
        cell = ws.cell(row, col, total_values.get(col))
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = CENTER
        cell.border = BORDER
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)

    ws.freeze_panes = ws.cell(numbers_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{numbers_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return book


def summary(groups: Groups) -> str:
    """One line per lĩnh vực with its counts, for checking the sheet against the loader."""
    lines = []
    for heading, items in groups:
        c = Counter(item[1] for item in items) + Counter(item[3] for item in items)
        lines.append(f"  {heading}: {len(items)} ({c['tt']} tập thể, {c['cn']} cá nhân; "
                     f"{c['moi']} mới, {c['cu']} có từ trước, {c['nr']} nhân rộng)")
    total = sum(len(items) for _, items in groups)
    lines.append(f"  Tổng cộng: {total}")
    return "\n".join(lines)


def main() -> int:
    for out, subtitle, groups, extra in SHEETS:
        out.parent.mkdir(parents=True, exist_ok=True)
        build_workbook(subtitle, groups, extra).save(out)
        print(f"Đã ghi {out.relative_to(ROOT)}")
        print(summary(groups))
    return 0


if __name__ == "__main__":
    sys.exit(main())
