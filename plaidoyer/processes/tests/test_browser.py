"""What participants and the steering committee do with a draft, in Chromium.

The UI strings are being translated while these tests are written, so they check
URLs, ``lang`` attributes, ids and data, never a translated sentence.
"""

import re

import pytest
from playwright.sync_api import expect

from plaidoyer.processes.models import Comment, Draft, Endorsement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def action_form(page, action: str):
    """The form that posts to the draft's ``action`` URL (comment/, adopt/...)."""
    return page.locator(f"main form[action$='/{action}/']")


def test_participant_comments_and_endorses_then_steering_adopts(
    new_page, browser_login, process, draft, staff_user, organisation
):
    url = f"/fr/processes/roms/drafts/{draft.pk}/"
    participant = new_page()
    browser_login(participant, staff_user)
    participant.goto(url)
    expect(participant.locator("html")).to_have_attribute("lang", "fr")
    expect(participant.get_by_role("heading", level=1)).to_have_text(draft.title_fr)

    comment = action_form(participant, "comment")
    expect(comment.locator("select[name=comment-organisation]")).to_have_value(
        str(organisation.pk)
    )
    comment.locator("textarea[name=comment-body]").fill("Et dans le secteur privé ?")
    comment.locator("button[type=submit]").click()

    # Back on the draft, at the new comment.
    expect(participant).to_have_url(re.compile(f"{url}#comment-[0-9]+$"))
    expect(participant.locator(".messages .message-success")).to_be_visible()
    published = Comment.objects.get(draft=draft)
    assert participant.url.endswith(f"#comment-{published.pk}")
    assert (published.organisation, published.author) == (organisation, staff_user)
    item = participant.locator(f"ol.comments #comment-{published.pk}")
    expect(item).to_contain_text(organisation.name)
    expect(item).to_contain_text("Et dans le secteur privé ?")

    endorse = action_form(participant, "endorse")
    endorse.locator("textarea[name=endorse-reason]").fill("Nos formateurs sont prêts.")
    endorse.locator("button[type=submit]").click()

    expect(participant).to_have_url(re.compile(f"{url}$"))
    endorsement = Endorsement.objects.get(draft=draft)
    assert endorsement.organisation == organisation
    expect(
        participant.locator("section[aria-labelledby=endorse-title] li")
    ).to_have_text([f"{organisation.name}: Nos formateurs sont prêts."])
    # Only the steering committee may adopt.
    expect(action_form(participant, "adopt")).to_have_count(0)

    steering = new_page()
    browser_login(steering, process["steering_user"])
    steering.goto(url)
    adopt = action_form(steering, "adopt")
    adopt.locator("select[name=memorandum]").select_option(
        str(process["memorandum"].pk)
    )
    adopt.locator("button[type=submit]").click()

    expect(steering.locator(".messages .message-success")).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == Draft.Status.ADOPTED
    recommendation = draft.adopted_as
    assert recommendation.code == "EMP-03"  # after EMP-01 and EMP-02
    assert draft.adopted_into == process["memorandum"]
    expect(action_form(steering, "adopt")).to_have_count(0)
    steering.locator('main a[href="/fr/recommendations/EMP-03/"]').click()

    expect(steering).to_have_url(re.compile(r"/fr/recommendations/EMP-03/$"))
    expect(steering.get_by_role("heading", level=1)).to_have_text(draft.title_fr)
    origin = steering.locator("dl.facts")
    expect(origin.locator('a[href="/fr/processes/roms/"]')).to_have_text(
        "Plateforme Roms"
    )
    meeting = process["meeting"]
    expect(
        origin.locator(f'a[href="/fr/processes/roms/meetings/{meeting.pk}/"]')
    ).to_have_text("Rencontre santé")
    expect(origin).to_contain_text(organisation.name)  # endorsed by
    expect(origin.locator(f'a[href="{url}"]')).to_be_visible()


def test_organisation_outside_the_process_can_neither_comment_nor_endorse(
    page, browser_login, process, draft
):
    browser_login(page, process["outsider"])
    page.goto(f"/fr/processes/roms/drafts/{draft.pk}/")

    expect(page.get_by_role("heading", level=1)).to_have_text(draft.title_fr)
    for action in ("comment", "endorse", "adopt"):
        expect(action_form(page, action)).to_have_count(0)


def test_process_and_draft_pages_have_no_serious_accessibility_violation(
    page, browser_login, check_accessibility, process, draft
):
    # The steering committee's view of a draft has every form on it.
    browser_login(page, process["steering_user"])
    check_accessibility(
        page, ["/fr/processes/roms/", f"/fr/processes/roms/drafts/{draft.pk}/"]
    )
