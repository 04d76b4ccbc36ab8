from django.template import Context, Template
from django.utils import translation


def test_status_badge_and_source_label_follow_the_language():
    template = Template(
        "{% load barometer %}{% status_badge s %} {{ src|source_label }}"
    )
    context = Context({"s": "in_progress", "src": "authority"})
    with translation.override("fr"):
        french = template.render(context)
    with translation.override("nl"):
        dutch = template.render(context)
    assert french.startswith('<span class="status status-in_progress">En cours</span>')
    assert dutch.startswith('<span class="status status-in_progress">')
    assert "En cours" not in dutch and french != dutch
    with translation.override("en"):
        assert "<script>" not in Template(
            "{% load barometer %}{% status_badge s %}"
        ).render(Context({"s": "<script>"}))
