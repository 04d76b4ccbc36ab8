import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import timezone, translation


@pytest.mark.parametrize("language", ["fr", "nl", "en", "de"])
def test_longdate_reads_like_the_date_filter(language, settings):
    day = datetime.date(2026, 3, 3)
    moment = timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 30), datetime.UTC)
    fmt = "j. F Y" if language == "de" else "j F Y"
    template = Template(
        "{% load plaidoyer %}{{ d|longdate }}|{{ d|date:fmt }}|"
        "{{ m|longdate }}|{{ m|date:fmt }}|{{ none|longdate }}"
    )
    with translation.override(language):
        mine_day, django_day, mine_moment, django_moment, empty = template.render(
            Context({"d": day, "m": moment, "none": None, "fmt": fmt})
        ).split("|")
    assert mine_day == django_day and mine_moment == django_moment and empty == ""
    # Brussels is an hour ahead: 23:30 UTC on 31 December is already 1 January.
    assert "2027" in mine_moment


def _sample_paths(patterns, prefix=""):
    """One path per URL pattern, its parameters filled with sample values."""
    from django.urls import URLPattern, URLResolver

    samples = {"int": "7", "slug": "a-slug", "str": "abc", "path": "a/b", "uuid": ""}
    for entry in patterns:
        route = str(entry.pattern)
        if route.startswith("^"):  # regex patterns (the admin's, static files)
            continue
        for converter, value in samples.items():
            route = re.sub(rf"<{converter}:\w+>", value, route)
        route = re.sub(r"<\w+>", "abc", route)
        if isinstance(entry, URLResolver):
            yield from _sample_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def test_language_links_are_django_translate_url_for_every_route():
    """The language links swap the prefix instead of resolving the path: right
    only as long as no URL pattern has a translated segment. This would show one."""
    from django.urls import get_resolver, translate_url
    from django.utils import translation

    from plaidoyer.core.templatetags.plaidoyer import _alternates

    with translation.override("fr"):
        paths = list(_sample_paths(get_resolver().url_patterns))
        paths += ["/fr/nowhere/", "/fr/organisations/?q=liège&page=2", "/api/v1/events"]
        assert sum(p.startswith("/fr/") for p in paths) > 80
        for path in paths:
            links = {code: url for code, _name, url in _alternates(path, "fr")}
            for code in ("nl", "en", "de"):
                expected = translate_url(path, code)
                if expected == path and path.startswith("/fr/"):
                    # translate_url leaves what it cannot resolve (a 404) alone;
                    # the same path in the other language is the better link.
                    continue
                assert links[code] == expected, path


def test_long_dates_are_written_as_each_language_writes_them():
    import datetime

    from django.utils import translation

    from plaidoyer.core.templatetags.plaidoyer import longdate, longdatetime

    moment = datetime.datetime(2027, 2, 4, 19, 0)
    expected = {
        "fr": ("4 février 2027", "4 février 2027 19:00", "jeudi 4 février 2027, 19:00"),
        "nl": (
            "4 februari 2027",
            "4 februari 2027 19:00",
            "donderdag 4 februari 2027, 19:00",
        ),
        "de": (
            "4. Februar 2027",
            "4. Februar 2027, 19:00",
            "Donnerstag, 4. Februar 2027, 19:00",
        ),
    }
    for language, (day, day_time, full) in expected.items():
        with translation.override(language):
            assert longdate(moment.date()) == day
            assert longdatetime(moment) == day_time
            assert longdatetime(moment, "weekday") == full


@pytest.mark.parametrize(
    "language, date_text, count_text",
    [
        ("fr", "23 févr. 2027", "4\xa0658"),
        ("nl", "31 okt. 2025", "4.658"),
        ("en", "31 Oct 2025", "4,658"),
        ("de", "31. Okt. 2025", "4.658"),
    ],
)
def test_short_dates_and_figures_as_each_language_writes_them(
    language, date_text, count_text
):
    import datetime

    from django.template import engines
    from django.utils import translation

    template = engines["django"].from_string(
        "{% load plaidoyer %}{{ day|shortdate }}|{{ n|figure }}|{{ n }}"
    )
    day = (
        datetime.date(2027, 2, 23) if language == "fr" else datetime.date(2025, 10, 31)
    )
    with translation.override(language):
        shown = template.render({"day": day, "n": 4658})
    # Ids and other plain numbers keep no separator.
    assert shown == f"{date_text}|{count_text}|4658"


@pytest.mark.django_db
def test_text_in_another_language_is_marked_with_its_lang_and_a_note(article):
    from django.template import engines

    from plaidoyer.news.models import Article

    Article.objects.filter(pk=article.pk).update(
        title_nl="De barometer", body_nl=None, title_de=None, body_de=None
    )
    article.refresh_from_db()
    template = engines["django"].from_string(
        '{% load plaidoyer %}{% tr a "title" %}|{% tr_html a "body" %}'
    )
    with translation.override("nl"):
        title, body = template.render({"a": article}).split("|")
    assert title == "De barometer"  # its own language: as it is
    assert body.startswith('<p class="fallback-note">Alleen beschikbaar in het Frans.')
    assert f'<div lang="fr">{article.body_fr}</div>' in body
    with translation.override("de"):
        title, body = template.render({"a": article}).split("|")
    assert title == (
        f'<span lang="fr">{article.title_fr}</span> '
        '<span class="fallback-note">(auf Französisch)</span>'
    )
    assert "Nur auf Französisch verfügbar." in body


def test_machine_dates_are_what_a_time_element_accepts():
    from plaidoyer.core.templatetags.plaidoyer import machine

    brussels = datetime.timezone(datetime.timedelta(hours=1))
    moment = datetime.datetime(2026, 11, 16, 0, 43, 0, 973685, tzinfo=brussels)

    assert machine(moment) == "2026-11-15T23:43:00Z"
    assert machine(datetime.date(2026, 11, 15)) == "2026-11-15"
    assert machine(None) == ""
