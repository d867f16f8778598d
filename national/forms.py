"""The filter of SAMR's candidates page (and of its spreadsheet)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from criteria.enums import Category
from nominations.enums import NATIONAL_STATES, NominationState
from provinces.enums import Level, Region
from provinces.names import place_search

ALL = ("", _("全部"))
CANDIDATE_STATES = [state for state in NominationState if state in NATIONAL_STATES]


class CandidateFilterForm(forms.Form):
    """The filters of SAMR's candidates (GET); an invalid value is ignored."""

    category = forms.ChoiceField(label=_("类别"), required=False)
    province = forms.ChoiceField(label=_("省份"), required=False)
    region = forms.ChoiceField(label=_("区域"), required=False)
    level = forms.ChoiceField(
        label=_("层级"),
        required=False,
        choices=[ALL, (Level.PREFECTURE, _("地级（市）")), (Level.COUNTY, _("县级（县、区）"))],
    )
    underdeveloped = forms.BooleanField(label=_("仅欠发达地区"), required=False)
    place = forms.CharField(
        label=_("地方"),
        required=False,
        max_length=32,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": _("名称或拼音首字母，如 mnq")}
        ),
    )
    state = forms.ChoiceField(label=_("状态"), required=False)

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [ALL, *Category.choices]
        self.fields["province"].choices = [ALL, *((p.code, p.name) for p in provinces)]
        self.fields["region"].choices = [ALL, *Region.choices]
        self.fields["state"].choices = [ALL, *((s.value, s.label) for s in CANDIDATE_STATES)]

    def filter(self, queryset):
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = self.cleaned_data
        lookups = {
            "category": "category",
            "province": "division__province__code",
            "region": "division__region",
            "level": "division__level",
            "state": "state",
        }
        for name, lookup in lookups.items():
            if data.get(name):
                queryset = queryset.filter(**{lookup: data[name]})
        if data.get("underdeveloped"):
            queryset = queryset.filter(division__underdeveloped=True)
        if data.get("place"):
            queryset = queryset.filter(place_search(data["place"]))
        return queryset
