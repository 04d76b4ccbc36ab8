"""Articles and resources written on the site, and proposals awaiting approval.

Coordinators write and publish; member staff propose sector news and resources
for their organisation, public once a coordinator approves them (at once for a
trusted organisation). Kept beside ``views`` (the public website) so that the
two stay short.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plaidoyer.core.access import get_for, require
from plaidoyer.core.approval import Approval
from plaidoyer.core.forms import add_service_errors
from plaidoyer.events.selectors import pending_event_proposals

from . import selectors, services
from .forms import ArticleForm, RefusalForm, ResourceForm
from .models import Article, Resource
from .permissions import can_edit_proposal, can_propose, can_publish


def _saved(request, item) -> None:
    if item.approval == Approval.PENDING:
        messages.success(
            request,
            _(
                "Thank you: your proposal is saved. It will be published once a "
                "coordinator approves it."
            ),
        )
    else:
        messages.success(request, _("Saved."))


# --- Articles ------------------------------------------------------------------------


def _render_article(request, article: Article, form, status: int = 200):
    return render(
        request,
        "news/article_form.html",
        {"article": article, "form": form},
        status=status,
    )


@login_required
def article_new(request):
    require(can_propose(request.user))
    article = Article()
    return _render_article(
        request, article, ArticleForm(instance=article, user=request.user)
    )


@login_required
def article_edit(request, slug: str):
    article = get_for(request.user, Article, check=can_edit_proposal, slug=slug)
    return _render_article(
        request, article, ArticleForm(instance=article, user=request.user)
    )


# How a coordinator saves each kind, and how member staff propose it.
WRITERS = {
    "article": (services.save_article, services.propose_article),
    "resource": (services.save_resource, services.propose_resource),
}


def _save_item(request, form, item, *, kind: str, render_form):
    """Save an article or a resource from its form: a coordinator publishes it,
    member staff propose it for their organisation; then back to its edit page
    while they may still edit it, else to their proposals."""
    if form.is_valid():
        save, propose = WRITERS[kind]
        themes = form.cleaned_data["themes"]
        try:
            if form.coordinator:
                item = save(by=request.user, themes=themes, **{kind: form.instance})
            else:
                item = propose(
                    by=request.user,
                    organisation=form.cleaned_data["organisation"],
                    themes=themes,
                    **{kind: form.instance},
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            _saved(request, item)
            if can_edit_proposal(request.user, item):
                return redirect(f"news:{kind}_edit", slug=item.slug)
            return redirect("news:my_proposals")
    return render_form(request, item, form, status=400)


def _save_article(request, article: Article):
    form = ArticleForm(request.POST, instance=article, user=request.user)
    return _save_item(
        request, form, article, kind="article", render_form=_render_article
    )


@login_required
@require_POST
def article_create(request):
    require(can_propose(request.user))
    return _save_article(request, Article())


@login_required
@require_POST
def article_update(request, slug: str):
    return _save_article(
        request, get_for(request.user, Article, check=can_edit_proposal, slug=slug)
    )


# --- Resources -----------------------------------------------------------------------


def _render_resource(request, resource: Resource, form, status: int = 200):
    return render(
        request,
        "news/resource_form.html",
        {"resource": resource, "form": form},
        status=status,
    )


@login_required
def resource_new(request):
    require(can_propose(request.user))
    resource = Resource()
    return _render_resource(
        request, resource, ResourceForm(instance=resource, user=request.user)
    )


@login_required
def resource_edit(request, slug: str):
    resource = get_for(request.user, Resource, check=can_edit_proposal, slug=slug)
    return _render_resource(
        request, resource, ResourceForm(instance=resource, user=request.user)
    )


def _save_resource(request, resource: Resource):
    form = ResourceForm(
        request.POST, request.FILES, instance=resource, user=request.user
    )
    return _save_item(
        request, form, resource, kind="resource", render_form=_render_resource
    )


@login_required
@require_POST
def resource_create(request):
    require(can_propose(request.user))
    return _save_resource(request, Resource())


@login_required
@require_POST
def resource_update(request, slug: str):
    return _save_resource(
        request, get_for(request.user, Resource, check=can_edit_proposal, slug=slug)
    )


# --- Review --------------------------------------------------------------------------


@login_required
def proposals(request):
    """What member organisations proposed, for a coordinator to approve or refuse."""
    require(can_publish(request.user))
    return render(
        request,
        "news/proposals.html",
        {
            "events": pending_event_proposals(),
            "articles": selectors.pending_news_proposals(),
            "resources": selectors.pending_resource_proposals(),
            "refusal_form": RefusalForm(),
        },
    )


@login_required
def my_proposals(request):
    require(can_propose(request.user))
    return render(
        request, "news/my_proposals.html", selectors.proposals_of_user(request.user)
    )


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("news:proposals")


def _review(request, model, slug: str, decide, done: str):
    require(can_publish(request.user))
    item = get_for(request.user, model, slug=slug)
    try:
        decide(item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"title": item.title})
    return _back(request)


def _refuse(request, model, slug: str, refuse):
    require(can_publish(request.user))
    form = RefusalForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Not refused: %(errors)s")
            % {"errors": " ".join(e for errs in form.errors.values() for e in errs)},
        )
        return _back(request)
    return _review(
        request,
        model,
        slug,
        lambda item: refuse(item, form.cleaned_data["reason"]),
        _("“%(title)s” is refused; the proposer is told why."),
    )


@login_required
@require_POST
def article_approve(request, slug: str):
    return _review(
        request,
        Article,
        slug,
        lambda a: services.approve_article(by=request.user, article=a),
        _("“%(title)s” is approved and public."),
    )


@login_required
@require_POST
def article_refuse(request, slug: str):
    return _refuse(
        request,
        Article,
        slug,
        lambda a, reason: services.refuse_article(
            by=request.user, article=a, reason=reason
        ),
    )


@login_required
@require_POST
def resource_approve(request, slug: str):
    return _review(
        request,
        Resource,
        slug,
        lambda r: services.approve_resource(by=request.user, resource=r),
        _("“%(title)s” is approved and public."),
    )


@login_required
@require_POST
def resource_refuse(request, slug: str):
    return _refuse(
        request,
        Resource,
        slug,
        lambda r, reason: services.refuse_resource(
            by=request.user, resource=r, reason=reason
        ),
    )
