"""Pages behind the links emails carry.

Mail scanners (and link previews) open every link of an email: a link that
changes something on GET acts for people who never clicked. So such a link
answers GET with a page and a button, and only the button's POST acts. A link
that is forged, cut short or no longer valid gets one clear 404 page, in the
visitor's language (the address carries it).
"""

from django.shortcuts import render


def button_page(request, *, heading: str, text: str, button: str):
    return render(
        request,
        "emailed_link.html",
        {"heading": heading, "text": text, "button": button},
    )


def invalid_link(request):
    return render(request, "link_invalid.html", status=404)
