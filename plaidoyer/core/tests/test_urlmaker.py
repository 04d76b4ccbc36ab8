import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from plaidoyer.core.urlmaker import url_maker


@pytest.mark.parametrize(
    ("viewname", "kwarg", "fixed", "values"),
    [
        ("organisations:detail", "slug", {}, ["a", "ligue-des-droits", "x_1"]),
        ("commitments:commitment", "pk", {}, [1, 42, 918273645, 10**12]),
        (
            "commitments:recommendation",
            "code",
            {},
            ["MED-045", "A 1", "é-x", "50%", "a?b#c", "x&y=z", "~:@!$'()*+,;"],
        ),
        ("processes:draft", "pk", {"slug": "assises"}, [3, 2000]),
    ],
)
@pytest.mark.parametrize("language", ["fr", "nl", "en", "de"])
def test_url_maker_gives_what_reverse_gives(viewname, kwarg, fixed, values, language):
    with translation.override(language):
        url = url_maker(viewname, kwarg, **fixed)
        for value in values:
            assert url(value) == reverse(viewname, kwargs={**fixed, kwarg: value})


def test_url_maker_says_when_no_value_fits():
    with pytest.raises(NoReverseMatch):
        url_maker("organisations:detail", "nope")
