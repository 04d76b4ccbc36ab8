from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core.access import get_for
from plaidoyer.core.forms import add_service_errors
from plaidoyer.core.templatetags.plaidoyer import LANGUAGE_NAMES

from . import machine, selectors, services
from .forms import translation_form


def _coordinator(request) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied


def _language(code: str) -> str:
    if code not in selectors.LANGUAGES:
        raise Http404
    return code


def _kind(slug: str) -> selectors.Kind:
    kind = selectors.KINDS_BY_SLUG.get(slug)
    if kind is None:
        raise Http404
    return kind


@login_required
def desk(request):
    """Per language and kind, how much lacks a translation."""
    _coordinator(request)
    counts = selectors.lacking_counts()
    return render(
        request,
        "translations/desk.html",
        {
            "kinds": selectors.KINDS,
            "rows": [
                (code, LANGUAGE_NAMES[code], counts[code], sum(counts[code].values()))
                for code in selectors.LANGUAGES
            ],
        },
    )


@login_required
def desk_list(request, language: str, kind: str):
    _coordinator(request)
    language, current = _language(language), _kind(kind)
    page = Paginator(selectors.items_lacking(current, language), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "translations/desk_list.html",
        {
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "kind": current,
            "page_obj": page,
        },
    )


def _item(request, language: str, kind: str, pk: str):
    _coordinator(request)
    language, current = _language(language), _kind(kind)
    obj = get_for(request.user, current.model._default_manager.all(), pk=pk)
    return language, current, obj


def _render_item(request, language, kind, obj, form, *, drafted=False, status=200):
    source = selectors.source_language(obj, kind, language)
    return render(
        request,
        "translations/item.html",
        {
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "source": source,
            "source_name": LANGUAGE_NAMES[source],
            "kind": kind,
            "obj": obj,
            "rows": [
                (
                    form[name],
                    getattr(obj, f"{name}_{source}") or "",
                    name in kind.rich,
                )
                for name in kind.fields
            ],
            "form": form,
            "drafted": drafted,
            "machine": machine.enabled(),
        },
        status=status,
    )


@login_required
def item(request, language: str, kind: str, pk: str):
    language, current, obj = _item(request, language, kind, pk)
    initial = {f: getattr(obj, f"{f}_{language}") or "" for f in current.fields}
    form = translation_form(current, obj, language, initial=initial)
    return _render_item(request, language, current, obj, form)


@login_required
@require_POST
def item_draft(request, language: str, kind: str, pk: str):
    """Ask the service for a draft of the empty fields; show it, save nothing."""
    language, current, obj = _item(request, language, kind, pk)
    source = selectors.source_language(obj, current, language)
    values = {f: getattr(obj, f"{f}_{language}") or "" for f in current.fields}
    todo = [
        f for f in current.fields if not values[f] and getattr(obj, f"{f}_{source}")
    ]
    try:
        for rich in (False, True):
            names = [f for f in todo if (f in current.rich) == rich]
            texts = [getattr(obj, f"{f}_{source}") for f in names]
            translated = machine.translate(
                texts, source=source, target=language, html=rich
            )
            values.update(zip(names, translated, strict=True))
    except machine.Unavailable as exc:
        messages.error(request, str(exc))
        form = translation_form(current, obj, language, initial=values)
        return _render_item(request, language, current, obj, form, status=503)
    form = translation_form(current, obj, language, initial=values)
    return _render_item(request, language, current, obj, form, drafted=True)


@login_required
@require_POST
def item_save(request, language: str, kind: str, pk: str):
    language, current, obj = _item(request, language, kind, pk)
    form = translation_form(current, obj, language, data=request.POST)
    if form.is_valid():
        try:
            services.save_translation(
                by=request.user,
                kind=current,
                obj=obj,
                language=language,
                values=form.cleaned_data,
            )
            messages.success(request, _("The translation is saved."))
            return redirect(
                reverse(
                    "translations:list",
                    kwargs={"language": language, "kind": current.slug},
                )
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _render_item(request, language, current, obj, form, status=400)
