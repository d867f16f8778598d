"""The publicity forms. They only shape the input: every rule and its Chinese message is in ``publicity.domain``."""

from django import forms
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .domain.objections import MAX_CONTACT, MAX_GROUNDS, MAX_NAME, MIN_GROUNDS
from .enums import ObjectionStatus

ALL = ("", _("全部"))


class ObjectionForm(forms.Form):
    """The public's objection (提出异议); ``nomination`` offers only the localities on the running lists."""

    nomination = forms.CharField(label=_("对哪个地方提出异议"), required=False, widget=forms.Select)
    name = forms.CharField(
        label=_("姓名"), required=False, widget=forms.TextInput(attrs={"maxlength": MAX_NAME, "autocomplete": "name"})
    )
    contact = forms.CharField(
        label=_("联系方式"),
        required=False,
        help_text=_("手机号码、固定电话或电子邮箱，仅用于核实情况，不公开。"),
        widget=forms.TextInput(attrs={"maxlength": MAX_CONTACT}),
    )
    grounds = forms.CharField(
        label=_("异议的事实和理由"),
        required=False,
        help_text=lazy(
            lambda: gettext("请写明具体事实，%(min)s 至 %(max)s 字。") % {"min": MIN_GROUNDS, "max": MAX_GROUNDS}, str
        )(),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_GROUNDS}),
    )
    evidence = forms.FileField(
        label=_("证明材料（可选）"),
        required=False,
        allow_empty_file=True,
        help_text=_("一个文件：PDF、图片（JPG/PNG）、Word/Excel/PowerPoint 或 OFD。"),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].widget.choices = [("", _("请选择")), *choices]


class StatusForm(forms.Form):
    """查询异议办理情况: the receipt number and the contact left with the objection."""

    receipt = forms.CharField(
        label=_("受理编号"), max_length=20, required=False, help_text=_("受理回执上的编号，例如：YY2026-AB12-CD34")
    )
    contact = forms.CharField(
        label=_("联系方式"), max_length=100, required=False, help_text=_("提交异议时留下的手机号码、电话或电子邮箱。")
    )


class PubliciseForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("公示开始时间（可选）"),
        required=False,
        help_text=_("留空则立即开始；0 时开始的当天计入公示期，其他时间开始的从下一个工作日起算。"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    notice_title = forms.CharField(label=_("公示标题"), required=False)
    notice_text = forms.CharField(label=_("公示内容"), required=False, widget=forms.Textarea(attrs={"rows": 8}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class InvestigateForm(forms.Form):
    note = forms.CharField(label=_("核查安排（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class UpholdForm(forms.Form):
    resolution = forms.CharField(
        label=_("认定的事实和处理意见"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    fraud = forms.BooleanField(
        label=_("认定弄虚作假（第十四条：取消该地方3年内申报资格和所在省级市场监管部门下一年度推荐资格）"),
        required=False,
    )


class DismissForm(forms.Form):
    resolution = forms.CharField(label=_("不成立的理由"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ObjectionFilterForm(forms.Form):
    """The queue's filter (GET); an invalid value is ignored."""

    status = forms.ChoiceField(label=_("状态"), required=False, choices=[ALL, *ObjectionStatus.choices])
    q = forms.CharField(label=_("受理编号或地方名称"), required=False, max_length=50)
    period = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    @staticmethod
    def apply(rows, filters):
        """``rows`` narrowed by the cleaned ``filters`` (the queue page and its export share this)."""
        if filters.get("status"):
            rows = rows.filter(status=filters["status"])
        if filters.get("period"):
            rows = rows.filter(period_id=filters["period"])
        if filters.get("q"):
            term = filters["q"].strip()
            rows = rows.filter(Q(receipt__icontains=term) | Q(nomination__division__name__contains=term))
        return rows
