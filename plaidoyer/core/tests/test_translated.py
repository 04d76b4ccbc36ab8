"""Text shown in another language than the page's says so (core.translated and the
``tr`` / ``tr_html`` tags)."""

import pickle
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

from plaidoyer.core.charts import Series, bars, stacked_bars
from plaidoyer.core.translated import Translated, translated


def thing(**fields):
    """An object with a translated ``title`` and ``body`` (fr, nl, en, de)."""
    values = {
        f"{f}_{c}": None for f in ("title", "body") for c in ["fr", "nl", "en", "de"]
    }
    return SimpleNamespace(**(values | fields))


def render(source: str, language: str = "nl", **context) -> str:
    template = engines["django"].from_string("{% load plaidoyer %}" + source)
    with translation.override(language):
        return template.render(context)


def test_a_value_in_the_pages_language_is_shown_as_it_is():
    obj = thing(title_fr="Le titre", title_nl="De titel")
    assert render('{% tr o "title" %}', o=obj) == "De titel"
    assert render('{% tr o "title" %}', "fr", o=obj) == "Le titre"


def test_a_french_fallback_is_marked_and_escaped():
    obj = thing(title_fr="L'égalité <b>d'abord</b>")
    shown = render('{% tr o "title" %}', o=obj)
    assert shown == (
        '<span lang="fr">L&#x27;égalité &lt;b&gt;d&#x27;abord&lt;/b&gt;</span> '
        '<span class="fallback-note">(in het Frans)</span>'
    )
    # A name: its language alone, no note after each of a list.
    assert render('{% tr o "title" note=False %}', o=obj) == (
        '<span lang="fr">L&#x27;égalité &lt;b&gt;d&#x27;abord&lt;/b&gt;</span>'
    )


def test_a_summary_is_cut_to_its_words_and_line_breaks_can_be_kept():
    obj = thing(title_fr="un deux trois quatre", body_nl="een\ntwee <b>drie</b>")
    assert render('{% tr o "title" words=2 %}', o=obj).startswith(
        '<span lang="fr">un deux…</span>'
    )
    assert render('{% tr o "body" breaks=True %}', o=obj) == (
        "een<br>twee &lt;b&gt;drie&lt;/b&gt;"
    )


def test_rich_text_is_sanitised_in_every_language():
    obj = thing(body_fr='<p>Bonjour</p><script>alert(1)</script><p onclick="x">Là</p>')
    shown = render('{% tr_html o "body" %}', o=obj)
    assert "<script" not in shown and "onclick" not in shown
    assert shown.startswith('<p class="fallback-note">Alleen beschikbaar in het Frans.')
    assert '<div lang="fr"><p>Bonjour</p>' in shown
    obj.body_nl = "<p>Hallo</p><script>alert(1)</script>"
    assert render('{% tr_html o "body" %}', o=obj) == "<p>Hallo</p>"
    # Text typed without the editor keeps its paragraphs, as |rich did.
    obj.body_nl = "Eerste alinea.\n\nTweede alinea."
    assert render('{% tr_html o "body" %}', o=obj) == (
        "<p>Eerste alinea.</p>\n<p>Tweede alinea.</p>"
    )


def test_a_translated_value_kept_in_a_cache_still_marks_itself():
    obj = thing(title_fr="Emploi")
    with translation.override("nl"):
        value = translated(obj, "title")
    copy = pickle.loads(pickle.dumps(value))  # noqa: S301 - bytes made just above
    assert isinstance(copy, Translated) and copy.lang == "fr"
    assert copy == "Emploi" and str(copy) == "Emploi"  # plain text to code and CSV
    assert render("{{ v }}", v=copy) == (
        '<span lang="fr">Emploi</span> <span class="fallback-note">(in het Frans)</span>'
    )
    # In an attribute it must be read as text.
    assert render('<a title="{{ v|striptags }}">', v=copy) == '<a title="Emploi">'
    with translation.override("nl"):
        own = translated(thing(title_fr="Emploi", title_nl="Werk"), "title")
    assert own.lang is None and render("{{ v }}", v=own) == "Werk"


def test_chart_labels_say_their_language():
    with translation.override("nl"):
        french = translated(thing(title_fr="Emploi"), "title", note=False)
        dutch = translated(thing(title_fr="Logement", title_nl="Huisvesting"), "title")
    series = [Series("ok", "OK", "#000")]
    chart = stacked_bars([(french, {"ok": 1}), (dutch, {"ok": 2})], series, title="t")
    assert '<span class="hbar-label" lang="fr">Emploi</span>' in chart
    assert chart.count('lang="') == 1
    assert 'lang="fr"' in bars([(french, 1, "1")], title="t")


@pytest.mark.parametrize(
    ("language", "note"),
    [("de", "(auf Französisch)"), ("en", "(in French)"), ("fr", None)],
)
def test_the_note_is_in_the_pages_language(language, note):
    obj = thing(title_fr="Titre")
    shown = render('{% tr o "title" %}', language, o=obj)
    if note is None:
        assert shown == "Titre"
    else:
        assert shown.endswith(f'<span class="fallback-note">{note}</span>')
