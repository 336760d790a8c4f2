"""A small district plan (synthetic) for the import tests: its units are those of the shared
test tree (``kehoach/conftest.py``), named as documents name them: a short form that matches
fuzzily, a unit named at another level ("phường" for the tree's "xã": unmatched, with the right candidate), a
unit the tree does not have, an accent-less exact name and a collective name."""

SMALL_PLAN = """HUYỆN ỦY TAM NÔNG
*
Số 12-KH/HU

ĐẢNG CỘNG SẢN VIỆT NAM

Tam Nông, ngày 10 tháng 01 năm 2025

KẾ HOẠCH
tuyên truyền kỷ niệm 95 năm Ngày thành lập Đảng

Thực hiện Kế hoạch số 120-KH/TU, ngày 05/01/2025 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ Huyện ủy xây dựng Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
Tuyên truyền sâu rộng ý nghĩa lịch sử của Ngày thành lập Đảng.

II. NHIỆM VỤ
1. Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Trung tâm Chính trị huyện biên soạn tài liệu tuyên truyền, hoàn thành trước ngày 20/01/2025.
2. Đảng ủy phường Hòa Bình tổ chức hội nghị quán triệt cho cán bộ, đảng viên, hoàn thành trước ngày 31/01/2025.
3. Hội Nông dân huyện tổ chức tọa đàm về vai trò của nông dân, báo cáo kết quả trước ngày 15/02/2025.
4. Ban Tuyên giáo Huyện ủy Tam Nong theo dõi, tổng hợp, báo cáo định kỳ 6 tháng.

III. TỔ CHỨC THỰC HIỆN
Các chi bộ trực thuộc căn cứ Kế hoạch này xây dựng kế hoạch thực hiện.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ

Nguyễn Văn A
"""
