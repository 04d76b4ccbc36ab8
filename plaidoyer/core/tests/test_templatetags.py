import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation


@pytest.mark.parametrize("language", ["fr", "nl", "en", "de"])
def test_longdate_reads_like_the_date_filter(language, settings):
    day = datetime.date(2026, 3, 3)
    moment = timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 30), datetime.UTC)
    template = Template(
        '{% load plaidoyer %}{{ d|longdate }}|{{ d|date:"j F Y" }}|'
        '{{ m|longdate }}|{{ m|date:"j F Y" }}|{{ none|longdate }}'
    )
    with translation.override(language):
        mine_day, django_day, mine_moment, django_moment, empty = template.render(
            Context({"d": day, "m": moment, "none": None})
        ).split("|")
    assert mine_day == django_day and mine_moment == django_moment and empty == ""
    # Brussels is an hour ahead: 23:30 UTC on 31 December is already 1 January.
    assert "2027" in mine_moment
