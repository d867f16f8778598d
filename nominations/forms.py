"""Forms of the web pages: they shape what the user typed; the domain functions decide.

Fields are optional wherever a domain function checks the value, so that the
refusal the user reads is the domain's own message (and the API's).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.domain.uploads import KINDS
from criteria.enums import Category, CategoryRule, Comparator, CriterionKind
from provinces.enums import Level
from provinces.names import place_search

from .enums import NominationState

# What the file picker offers; the server still judges every file by its content.
ACCEPT = ",".join(
    [f".{extension}" for kind in KINDS.values() for extension in kind.extensions]
    + sorted({kind.content_type for kind in KINDS.values()})
)
MET_CHOICES = [("yes", _("符合")), ("no", _("不符合")), ("", _("暂不填写"))]
MET_VALUES = {"yes": True, "no": False}
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def threshold_text(criterion):
    """The threshold of a metric criterion as the measures state it, e.g. "≥ 97%"."""
    if criterion.kind != CriterionKind.METRIC or criterion.threshold is None:
        return ""
    return f"{Comparator(criterion.comparator).label} {plain_decimal(criterion.threshold)}{criterion.unit}"


def plain_decimal(value):
    """97.00 → "97", 97.50 → "97.5" (never "9.7E+1")."""
    if value is None:
        return ""
    value = value.normalize()
    return str(value.quantize(1) if value == value.to_integral() else value)


def split_domain_errors(error, numbers):
    """Sort a domain ``ValidationError``'s messages into ``({number: [message]}, [other messages])``.

    The domain prefixes a criterion's problem with its number ("6.3：…").
    """
    by_number, general = {}, []
    for message in error.messages:
        number = next((n for n in numbers if message.startswith(n) and message[len(n) : len(n) + 1] in "：:"), None)
        if number is None:
            general.append(message)
        else:
            by_number.setdefault(number, []).append(message[len(number) + 1 :].strip())
    return by_number, general


class CreateNominationForm(forms.Form):
    category = forms.ChoiceField(label=_("申报类别"), choices=Category.choices, widget=forms.RadioSelect)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(value, Category(value).label) for value in categories]


class ChecklistForm(forms.Form):
    """The whole checklist of one application: one group of fields per criterion, saved at once."""

    summary = forms.CharField(
        label=_("申报概述"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("概括本地工作的主要做法和成效，供审核人员首先阅读。"),
    )

    def __init__(self, *args, nomination, criteria, answers, **kwargs):
        self.criteria = list(criteria)
        self.highlight_allowed = nomination.criteria_set.rule == CategoryRule.ALL_AND_HIGHLIGHT
        initial = {"summary": nomination.summary}
        for criterion in self.criteria:
            answer = answers.get(criterion.pk)
            if answer is None:
                continue
            prefix = self.prefix_for(criterion)
            initial[f"{prefix}-met"] = {True: "yes", False: "no"}.get(answer.met, "")
            initial[f"{prefix}-value"] = plain_decimal(answer.value)
            initial[f"{prefix}-narrative"] = answer.narrative
            initial[f"{prefix}-highlight"] = answer.highlight
            for index, indicator in enumerate(criterion.extra_indicators):
                initial[f"{prefix}-indicator-{index}"] = answer.indicators.get(indicator["name"], "")
        super().__init__(*args, initial=initial, **kwargs)
        for criterion in self.criteria:
            self.fields.update(self.criterion_fields(criterion))
        self.criterion_errors = {criterion.number: [] for criterion in self.criteria}

    @staticmethod
    def prefix_for(criterion):
        return f"c{criterion.pk}"

    def criterion_fields(self, criterion):
        prefix = self.prefix_for(criterion)
        met_label = (
            _("是否符合") if criterion.kind != CriterionKind.NO_INCIDENT else _("近年是否未发生重大质量安全事件")
        )
        fields = {
            f"{prefix}-met": forms.ChoiceField(
                label=met_label, choices=MET_CHOICES, required=False, widget=forms.RadioSelect
            )
        }
        if criterion.kind == CriterionKind.METRIC:
            fields[f"{prefix}-value"] = forms.CharField(
                label=f"{criterion.indicator_name}（{criterion.unit}）" if criterion.unit else criterion.indicator_name,
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
                help_text=_("门槛：%(threshold)s") % {"threshold": threshold_text(criterion)},
            )
        fields[f"{prefix}-narrative"] = forms.CharField(
            label=_("情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 4})
        )
        if self.highlight_allowed:
            fields[f"{prefix}-highlight"] = forms.BooleanField(
                label=_("本项工作成效显著，作为突出亮点（第五条）"), required=False
            )
        for index, indicator in enumerate(criterion.extra_indicators):
            label = f"{indicator['name']}（{indicator['unit']}）" if indicator["unit"] else indicator["name"]
            fields[f"{prefix}-indicator-{index}"] = forms.CharField(
                label=label, required=False, max_length=50, widget=forms.TextInput(attrs={"class": "input--short"})
            )
        return fields

    def bound_fields(self, criterion):
        prefix = self.prefix_for(criterion)
        return {
            "met": self[f"{prefix}-met"],
            "value": self[f"{prefix}-value"] if f"{prefix}-value" in self.fields else None,
            "narrative": self[f"{prefix}-narrative"],
            "highlight": self[f"{prefix}-highlight"] if self.highlight_allowed else None,
            "indicators": [self[f"{prefix}-indicator-{i}"] for i in range(len(criterion.extra_indicators))],
        }

    def items(self):
        """The checklist as ``save_answers`` takes it (call after ``is_valid``)."""
        data = self.cleaned_data
        items = []
        for criterion in self.criteria:
            prefix = self.prefix_for(criterion)
            item = {
                "criterion": criterion.number,
                "met": MET_VALUES.get(data.get(f"{prefix}-met") or ""),
                "narrative": data.get(f"{prefix}-narrative", ""),
            }
            if criterion.kind == CriterionKind.METRIC:
                item["value"] = data.get(f"{prefix}-value", "").strip()
            if self.highlight_allowed:
                item["highlight"] = bool(data.get(f"{prefix}-highlight"))
            if criterion.extra_indicators:
                item["indicators"] = {
                    indicator["name"]: value.strip()
                    for index, indicator in enumerate(criterion.extra_indicators)
                    if (value := data.get(f"{prefix}-indicator-{index}", "")).strip()
                }
            items.append(item)
        return items

    def add_domain_error(self, error):
        by_number, general = split_domain_errors(error, [c.number for c in self.criteria])
        for number, messages in by_number.items():
            self.criterion_errors[number].extend(messages)
        for message in general:
            self.add_error(None, message)

    @property
    def has_criterion_errors(self):
        return any(self.criterion_errors.values())


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("选择文件"),
        error_messages={"required": _("请选择要上传的文件。"), "empty": _("文件是空的（0 字节）。")},
    )
    criterion = forms.CharField(required=False, widget=forms.HiddenInput)


class SubmitForm(forms.Form):
    # Checked by the domain (its refusal is the message shown); the attribute tells assistive technology.
    pledge = forms.BooleanField(
        label=_("我已阅读并接受上述承诺"), required=False, widget=forms.CheckboxInput(attrs={"required": True})
    )
    comment = forms.CharField(
        label=_("修改说明"),
        required=False,  # checked by the domain, whose refusal names what is missing
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
        help_text=_("简要说明按退回意见做了哪些修改。"),
    )

    def __init__(self, *args, resubmission=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not resubmission:
            del self.fields["comment"]


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("说明（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("写明需要修改或补充的内容，申报单位将据此修改。"),
    )
    deadline = forms.DateTimeField(
        label=_("修改期限"),
        required=False,
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        error_messages={"invalid": _("请按“年-月-日 时:分”填写修改期限。")},
    )


class VerifyForm(forms.Form):
    note = forms.CharField(
        label=_("核实情况"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("写明核实的方式（材料审查、电话核实、实地查看等）和结论（第七条第三项：情况核实）。"),
    )
    evidence = forms.FileField(
        label=_("核实材料（可选）"),
        required=False,
        help_text=_("实地核查记录、照片等，一个文件；与申报材料分开保存。"),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("未推荐原因"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("申报单位将看到该原因。"),
    )


class ReviewForm(forms.Form):
    """Per-criterion score (0–100) and remark, and an overall comment."""

    comment = forms.CharField(label=_("总体意见"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, criteria, review=None, **kwargs):
        self.criteria = list(criteria)
        stored = review.criteria if review is not None else {}
        initial = {"comment": review.comment if review is not None else ""}
        for criterion in self.criteria:
            item = stored.get(criterion.number, {})
            initial[f"s{criterion.pk}-score"] = item.get("score") or ""
            initial[f"s{criterion.pk}-remark"] = item.get("remark", "")
        super().__init__(*args, initial=initial, **kwargs)
        for criterion in self.criteria:
            self.fields[f"s{criterion.pk}-score"] = forms.CharField(
                label=_("%(number)s 得分") % {"number": criterion.number},
                required=False,
                max_length=10,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
            )
            self.fields[f"s{criterion.pk}-remark"] = forms.CharField(
                label=_("%(number)s 意见") % {"number": criterion.number},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [
            (criterion, self[f"s{criterion.pk}-score"], self[f"s{criterion.pk}-remark"]) for criterion in self.criteria
        ]

    def criteria_scores(self):
        data = self.cleaned_data
        return {
            criterion.number: {
                "score": data.get(f"s{criterion.pk}-score", "").strip(),
                "remark": data.get(f"s{criterion.pk}-remark", ""),
            }
            for criterion in self.criteria
        }


class RankForm(forms.Form):
    """The order of the candidates: typed positions, or one row moved up or down."""

    move = forms.RegexField(regex=r"^(up|down):\d+$", required=False)

    def __init__(self, *args, candidates, **kwargs):
        self.candidates = list(candidates)
        super().__init__(*args, **kwargs)
        for nomination in self.candidates:
            self.fields[f"order-{nomination.pk}"] = forms.IntegerField(
                label=_("%(name)s的位次") % {"name": nomination.division.name},
                required=False,
                min_value=1,
                max_value=999,
                initial=nomination.province_rank or None,
                widget=forms.NumberInput(attrs={"class": "input--tiny", "data-position": ""}),
            )

    def order_field(self, nomination):
        return self[f"order-{nomination.pk}"]

    def ordered_ids(self):
        """The new order as a list of ids (call after ``is_valid``)."""
        ids = [n.pk for n in self.candidates]
        move = self.cleaned_data.get("move")
        if move:
            direction, pk = move.split(":")
            if int(pk) in ids:
                index = ids.index(int(pk))
                other = index - 1 if direction == "up" else index + 1
                if 0 <= other < len(ids):
                    ids[index], ids[other] = ids[other], ids[index]
            return ids
        typed = [(self.cleaned_data.get(f"order-{pk}"), index, pk) for index, pk in enumerate(ids)]
        return [pk for _order, _index, pk in sorted(t for t in typed if t[0] is not None)]


class ConfirmationForm(forms.Form):
    document_number = forms.CharField(
        label=_("省级人民政府确认文件文号"),
        required=False,
        max_length=64,
        help_text=_("例如：粤府函〔2026〕12号"),
    )
    document_date = forms.DateField(
        label=_("确认日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("请按“年-月-日”填写确认日期。")},
    )
    document = forms.FileField(label=_("确认文件扫描件（可选）"), required=False)


class QueueFilterForm(forms.Form):
    """The filters of the provincial queue (GET); an invalid value is ignored and marked."""

    category = forms.ChoiceField(label=_("类别"), required=False)
    state = forms.ChoiceField(label=_("状态"), required=False)
    prefecture = forms.ChoiceField(label=_("地级单位"), required=False)
    level = forms.ChoiceField(
        label=_("层级"),
        required=False,
        choices=[("", _("全部")), (Level.PREFECTURE, _("地级（市）")), (Level.COUNTY, _("县级（县、区）"))],
    )
    place = forms.CharField(
        label=_("地方"),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": _("名称或拼音首字母，如 mnq")}
        ),
    )
    underdeveloped = forms.BooleanField(label=_("仅欠发达地区"), required=False)
    priority = forms.BooleanField(label=_("仅有典型经验做法（第九条）"), required=False)

    def __init__(self, *args, prefectures, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("全部")), *Category.choices]
        self.fields["state"].choices = [("", _("全部")), *((s.value, s.label) for s in states)]
        self.fields["prefecture"].choices = [("", _("全部")), *((d.code, d.name) for d in prefectures)]

    def filter(self, queryset, *, include_state=True):
        if not self.is_bound:
            return queryset
        self.is_valid()  # an invalid field drops out of cleaned_data; the other filters still apply
        data = self.cleaned_data
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if include_state and data.get("state"):
            queryset = queryset.filter(state=data["state"])
        if data.get("prefecture"):
            queryset = queryset.filter(division__prefecture__code=data["prefecture"])
        if data.get("level"):
            queryset = queryset.filter(division__level=data["level"])
        if data.get("underdeveloped"):
            queryset = queryset.filter(division__underdeveloped=True)
        if data.get("priority"):
            queryset = queryset.filter(priority=True)
        if data.get("place"):
            queryset = queryset.filter(place_search(data["place"]))
        return queryset


PROVINCE_STATES = (
    NominationState.DRAFT,
    NominationState.SUBMITTED,
    NominationState.RETURNED,
    NominationState.VERIFIED,
    NominationState.SHORTLISTED,
    NominationState.RECOMMENDED,
    NominationState.NOT_RECOMMENDED,
    NominationState.WITHDRAWN,
    NominationState.LAPSED,
)
