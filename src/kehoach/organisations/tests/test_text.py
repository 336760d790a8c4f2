import pytest

from kehoach.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Huyện ủy", "huyen uy"),
        ("ĐẢNG ỦY", "dang uy"),
        ("Đảng", "dang"),
        ("Ban Thường vụ  Huyện ủy\nTam Đường", "ban thuong vu huyen uy tam duong"),
        ("Nghị quyết 01-NQ/TW", "nghi quyet 01-nq/tw"),
        # decomposed input (NFD, as some Word files store it) folds the same way
        ("Ho\u0302\u0323i nghi\u0323", "hoi nghi"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text: str | None, folded: str) -> None:
    assert fold(text) == folded
