"""Forms of the pages. They only read and check what the user typed; every write goes through
the services (:mod:`kehoach.plans.services`), which have the last word."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from kehoach.documents.symbols import parse_symbol
from kehoach.plans.models import PlanKind, Recurrence

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
REQUIRED = {"required": "Trường này không được để trống."}
ISSUER_ERRORS = {**REQUIRED, "invalid_choice": "Không tạo được kế hoạch cho đơn vị này."}


class VNDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO also accepted), shown as dd/mm/yyyy."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
    input_formats = DATE_FORMATS
    default_error_messages: ClassVar[dict[str, str]] = {
        **REQUIRED,
        "invalid": "Ngày không hợp lệ (nhập theo dạng dd/mm/yyyy).",
    }


class LoginForm(AuthenticationForm):
    error_messages: ClassVar[dict[str, str]] = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Xin nhập lại.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        for field in self.fields.values():
            field.error_messages.update(REQUIRED)


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ImportForm(forms.Form):
    issuer = OrganisationChoice(label="Đơn vị ban hành", queryset=None, error_messages=ISSUER_ERRORS)
    file = forms.FileField(
        label="Tệp văn bản (.docx, .pdf, .txt, .md)",
        error_messages={**REQUIRED, "empty": "Tệp rỗng.", "invalid": "Chưa chọn tệp."},
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.doc,.pdf,.txt,.md"}),
    )

    def __init__(self, *args: Any, issuers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["issuer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = issuers


def split_reference(text: str) -> tuple[str, str] | None:
    """ "120-KH/TU" → ("120", "KH/TU"), "15/KH-UBND" → ("15", "KH-UBND"): the parser's own
    grammar of numbers and symbols; None when it is not a number-symbol pair."""
    parts = parse_symbol(text or "", whole=True)
    if parts is None or not parts.number or not re.search(r"[-/]", parts.symbol):
        return None  # no number, or a symbol without its issuer ("12/KH")
    return parts.number, parts.symbol


class PlanHeaderForm(forms.Form):
    title = forms.CharField(label="Trích yếu", max_length=500, error_messages=REQUIRED)
    kind = forms.ChoiceField(label="Loại văn bản", choices=PlanKind.choices, initial=PlanKind.PLAN)
    number = forms.CharField(label="Số", max_length=20, required=False)
    symbol = forms.CharField(
        label="Ký hiệu", max_length=50, required=False, widget=forms.TextInput(attrs={"placeholder": "KH/HU"})
    )
    issued_on = VNDateField(label="Ngày ban hành", required=False)
    basis = forms.CharField(
        label="Thực hiện kế hoạch số (nếu có)",
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "120-KH/TU"}),
    )

    def clean_basis(self) -> str:
        value = str(self.cleaned_data.get("basis") or "").strip()
        if value and split_reference(value) is None:
            raise forms.ValidationError("Nhập số và ký hiệu theo dạng 120-KH/TU hoặc 15/KH-UBND.")
        return value


class NewPlanForm(PlanHeaderForm):
    issuer = OrganisationChoice(label="Đơn vị ban hành", queryset=None, error_messages=ISSUER_ERRORS)
    field_order: ClassVar[list[str]] = ["issuer", "title", "kind", "number", "symbol", "issued_on", "basis"]

    def __init__(self, *args: Any, issuers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["issuer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = issuers


RECURRENCE_CHOICES = [("", "Không"), *((str(v), label) for v, label in Recurrence.choices)]


class TaskForm(forms.Form):
    """A task's row on the review screen. Its inputs sit in several cells of the row, tied to
    one empty ``<form id=form_id>`` by their ``form`` attribute."""

    code = forms.CharField(label="Mục", max_length=32, required=False)
    text = forms.CharField(
        label="Nội dung", widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED
    )
    due_on = VNDateField(label="Hạn hoàn thành", required=False)
    recurrence_months = forms.TypedChoiceField(
        label="Định kỳ", choices=RECURRENCE_CHOICES, coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, form_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if form_id:
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id


class NewTaskForm(TaskForm):
    lead = forms.CharField(
        label="Đơn vị chủ trì",
        required=False,
        help_text="Mỗi đơn vị một dòng, hoặc cách nhau bằng dấu chấm phẩy.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    support = forms.CharField(
        label="Đơn vị phối hợp", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def unit_names(text: str) -> list[str]:
    """Names typed one per line or separated by semicolons."""
    return [" ".join(part.split()) for part in re.split(r"[;\n]", text or "") if part.strip()]


class ReportForm(forms.Form):
    text = forms.CharField(
        label="Nội dung báo cáo", widget=forms.Textarea(attrs={"rows": 5}), error_messages=REQUIRED
    )
    sessions_held = forms.IntegerField(
        label="Số buổi đã tổ chức",
        min_value=0,
        required=False,
        error_messages={"invalid": "Nhập một số nguyên.", "min_value": "Không được là số âm."},
    )
    people_expected = forms.IntegerField(
        label="Số người phải tham gia",
        min_value=0,
        required=False,
        error_messages={"invalid": "Nhập một số nguyên.", "min_value": "Không được là số âm."},
    )
    people_present = forms.IntegerField(
        label="Số người tham gia",
        min_value=0,
        required=False,
        error_messages={"invalid": "Nhập một số nguyên.", "min_value": "Không được là số âm."},
    )
    complete = forms.BooleanField(label="Đã hoàn thành nhiệm vụ", required=False)
    completed_on = VNDateField(label="Ngày hoàn thành (bỏ trống: hôm nay)", required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Lý do mở lại", max_length=500, error_messages=REQUIRED)
