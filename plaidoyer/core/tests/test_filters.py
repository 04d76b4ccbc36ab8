"""One declaration per list's filters: the page's form and the API's schema follow it."""

from dataclasses import dataclass, fields

import pytest

from plaidoyer.commitments.api import RecommendationQuery
from plaidoyer.commitments.forms import RecommendationFilterForm
from plaidoyer.commitments.selectors import RecommendationFilters
from plaidoyer.core.filters import FilterForm, QueryFilters, choice_filter, text_filter
from plaidoyer.events.api import AgendaQuery
from plaidoyer.events.forms import AgendaFilterForm
from plaidoyer.events.selectors import AgendaFilters
from plaidoyer.news.forms import ArticleFilterForm, ResourceFilterForm
from plaidoyer.news.selectors import ArticleFilters, ResourceFilters
from plaidoyer.organisations.api import DirectoryQuery
from plaidoyer.organisations.forms import DirectoryFilterForm
from plaidoyer.organisations.selectors import DirectoryFilters

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class ToyFilters(QueryFilters):
    q: str = text_filter("Search", description="free text")
    colour: str = choice_filter("Colour")
    size: str = choice_filter("Size", every=False)

    @classmethod
    def options(cls, *, sizes=(), **context):
        return {"colour": [("red", "Red")], "size": [(s, s) for s in sizes]}


class ToyForm(FilterForm):
    filters_class = ToyFilters


def test_form_has_one_field_per_declared_filter_in_order():
    form = ToyForm({}, sizes=["s", "m"])
    assert list(form.fields) == ["q", "colour", "size"]
    assert form.fields["q"].label == "Search"
    assert form.fields["colour"].choices[1:] == [("red", "Red")]
    assert form.fields["colour"].choices[0][0] == ""  # "All"
    assert form.fields["size"].choices == [("s", "s"), ("m", "m")]


def test_form_drops_unknown_choices_and_keeps_the_rest():
    filters = ToyForm({"q": " pain ", "colour": "mauve", "size": "m"}, sizes=["m"])
    assert filters.filters() == ToyFilters(q="pain", colour="", size="m")


def test_values_from_a_query_string_are_made_safe():
    filters = ToyFilters(q="a\x00" + "b" * 300, colour="c" * 300)
    assert filters.q == "a" + "b" * 300  # the free text is kept whole
    assert filters.colour == "c" * 200
    assert ToyFilters(colour="red").active and not ToyFilters().active


def test_query_schema_names_and_describes_every_declared_filter():
    schema = ToyFilters.query_schema("ToyQuery")
    assert schema.__name__ == "ToyQuery"
    assert list(schema.model_fields) == ["q", "colour", "size"]
    assert schema.model_fields["q"].description == "free text"
    assert schema.model_fields["colour"].description is None
    assert schema().dict() == {"q": "", "colour": "", "size": ""}


@pytest.mark.parametrize(
    "filters_class, form_class, schema, context",
    [
        (AgendaFilters, AgendaFilterForm, AgendaQuery, {}),
        (DirectoryFilters, DirectoryFilterForm, DirectoryQuery, {}),
        (RecommendationFilters, RecommendationFilterForm, RecommendationQuery, {}),
        (ArticleFilters, ArticleFilterForm, None, {"years": [2025]}),
        (ResourceFilters, ResourceFilterForm, None, {"years": [2025]}),
    ],
)
def test_every_list_form_and_api_follow_its_filters(
    filters_class, form_class, schema, context
):
    names = [f.name for f in fields(filters_class)]
    assert list(form_class({}, **context).fields) == names
    if schema is not None:
        assert list(schema.model_fields) == names


def test_agenda_form_offers_upcoming_or_past_without_all(make_event):
    make_event(slug="a", title="Webinaire")
    form = AgendaFilterForm({"when": "past", "kind": "nope"})
    assert [v for v, _label in form.fields["when"].choices] == ["upcoming", "past"]
    assert form.filters() == AgendaFilters(when="past")
    assert not form.filters().active  # "when" alone filters nothing out


def test_directory_form_choices_come_from_the_cached_options(theme):
    form = DirectoryFilterForm({"theme": theme.slug, "kind": "network"})
    assert (theme.slug, theme.name) in form.fields["theme"].choices
    assert form.filters() == DirectoryFilters(theme=theme.slug, kind="network")


def test_resource_form_offers_the_given_years_and_kinds():
    form = ResourceFilterForm({"year": "2024", "kind": "tool"}, years=[2025, 2024])
    assert form.fields["year"].choices[1:] == [("2025", "2025"), ("2024", "2024")]
    assert form.filters() == ResourceFilters(year="2024", kind="tool")
    assert ArticleFilterForm({"year": "1999"}, years=[2025]).filters().year == ""


@dataclass(frozen=True)
class OrganisationFilters(QueryFilters):
    q: str = text_filter("Search")
    kind: str = choice_filter("Kind", lookup="kind")
    mood: str = choice_filter("Mood")  # no lookup: the selector's business


def test_apply_narrows_by_each_filter_that_has_a_lookup(make_organisation):
    from plaidoyer.organisations.models import Membership, Organisation

    school = make_organisation("École des Devoirs", kind="school")
    union = make_organisation("Syndicat des locataires", kind="trade_union")
    Membership.objects.create(member=school, network=union, role="member")
    everyone = Organisation.objects.order_by("pk")

    def slugs(filters, qs=everyone):
        return [o.slug for o in filters.apply(qs)]

    assert slugs(OrganisationFilters(mood="sunny")) == [school.slug, union.slug]
    assert slugs(OrganisationFilters(kind="trade_union")) == [union.slug]
    assert slugs(OrganisationFilters(q="ecole dev")) == [school.slug]
    assert slugs(OrganisationFilters(q="devoirs", kind="trade_union")) == []
    assert slugs(OrganisationFilters(q="oirs")) == []  # words match at their start
    memberships = OrganisationFilters(kind="school").apply(
        Membership.objects.all(), prefix="member__"
    )
    assert [m.member for m in memberships] == [school]
