"""A coordinator translates an article into German at the desk, in Chromium."""

import pytest
from playwright.sync_api import expect

from plaidoyer.news.models import Article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_coordinator_translates_an_article_at_the_desk(
    page, article, coordinator, browser_login, axe_problems
):
    Article.objects.filter(pk=article.pk).update(
        title_de=None, summary_de=None, body_de=None
    )
    browser_login(page, coordinator)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/de/translations/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    assert not axe_problems(page)
    page.locator("a[href='/de/translations/de/articles/']").click()
    page.locator(f"a[href='/de/translations/de/articles/{article.pk}/']").click()
    # The French original is there, marked as French, beside the form.
    expect(page.locator(".source-text[lang=fr]").first).to_contain_text(
        article.title_fr
    )
    assert not axe_problems(page)
    page.locator("#id_t-title").fill("Das Barometer kommt voran")
    page.locator("main form[action$='/save/'] button[type=submit]").click()
    expect(page.locator(".message-success")).to_be_visible()
    page.goto(article.get_absolute_url().replace("/fr/", "/de/"))
    expect(page.locator("h1")).to_have_text("Das Barometer kommt voran")
