"""An indicator's breakdown: the values editors enter, and the legend each one gets on the charts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from cms.statistics.models import Indicator, Observation


def grades(values: str) -> Indicator:
    return Indicator(
        code="grades", name="Thỏa ước", dimension="grade", dimension_label="Loại", dimension_values=values
    )


def test_a_value_reads_as_the_dimension_label_unless_it_names_its_own_legend():
    indicator = grades("A, B,KXL = Không xếp loại")

    assert indicator.allowed_values == ["A", "B", "KXL"]
    assert indicator.dimension_choices == [("A", "Loại A"), ("B", "Loại B"), ("KXL", "Không xếp loại")]
    assert indicator.value_label("KXL") == "Không xếp loại"
    assert indicator.value_label("") == "Thỏa ước"
    indicator.clean()


@pytest.mark.parametrize("values", ["A,A", "A,KXL=", "A,=Không xếp loại", "A," + "X" * 41])
def test_values_that_charts_could_not_tell_apart_or_name_are_refused(values):
    with pytest.raises(ValidationError) as refused:
        grades(values).clean()

    assert set(refused.value.message_dict) == {"dimension_values"}


def test_the_ungraded_agreements_can_be_entered_and_an_unknown_grade_says_what_is_allowed(tree):
    cla = Indicator.objects.get(code="cla_by_grade")

    Observation(
        indicator=cla, organisation=tree["root"], year=2024, dimension_value="KXL", value=3
    ).full_clean()
    with pytest.raises(ValidationError) as refused:
        Observation(
            indicator=cla, organisation=tree["root"], year=2024, dimension_value="E", value=1
        ).full_clean()

    assert refused.value.message_dict["dimension_value"] == [
        "Choose one of: A, B, C, D, KXL (Không xếp loại)."
    ]
