"""The network's catalogue of themes: read by anyone of the network, curated by its staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from maillage.territories.models import Network
from maillage.themes import selectors, services
from maillage.themes.forms import NewThemeForm, ThemeForm
from maillage.themes.models import Theme
from maillage.themes.permissions import (
    can_curate,
    curated_network_ids,
    get_theme_for_user,
    network_ids,
    visible_themes,
)
from maillage.themes.views import message_errors


@login_required
@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """The catalogue (with each theme's ratings); curators also see the proposals to decide."""
    # U+0000 cannot be compared with on PostgreSQL (a DataError): it is no title's anyway.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    themes = visible_themes(request.user).filter(
        network_id__in=network_ids(request.user),
        status__in=[Theme.Status.ACTIVE, Theme.Status.RETIRED],
    )
    if query:
        themes = themes.filter(title__icontains=query)
    listed, ratings_computed_at = selectors.with_prepared_ratings(
        themes.order_by("title"), network_ids(request.user)
    )
    curated = curated_network_ids(request.user)
    proposals = []
    if curated:
        proposals = list(
            Theme.objects.filter(network_id__in=curated, status=Theme.Status.PROPOSED)
            .select_related("proposed_in__edition__territory")
            .order_by("created_at")
        )
    return render(
        request,
        "themes/catalogue.html",
        {
            "themes": [theme for theme in listed if theme.status == Theme.Status.ACTIVE],
            "retired": [theme for theme in listed if theme.status == Theme.Status.RETIRED],
            "proposals": proposals,
            "can_curate": bool(curated),
            "query": query,
            "ratings_computed_at": ratings_computed_at,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def theme_create(request: HttpRequest) -> HttpResponse:
    curated = curated_network_ids(request.user)
    if not curated:
        if network_ids(request.user):
            raise PermissionDenied
        raise Http404
    networks = Network.objects.filter(pk__in=curated).order_by("name")
    form = NewThemeForm(request.POST or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(
                network=form.cleaned_data["network"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, _("Thème ajouté au catalogue."))
            return redirect("themes:theme", theme.pk)
    return render(request, "themes/theme_form.html", {"form": form, "theme": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def theme_detail(request: HttpRequest, theme_id: int) -> HttpResponse:
    """A theme, its ratings across groups, editions and territories; curators decide here
    (retire, restore, accept or decline a proposal)."""
    theme = get_theme_for_user(request.user, theme_id)
    curator = can_curate(request.user, theme.network_id)
    if request.method == "POST":
        if not curator:
            raise PermissionDenied
        try:
            services.theme_transition(
                theme=theme, action=request.POST.get("action", ""), by=request.user
            )
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, _("C'est fait."))
        return redirect("themes:theme", theme.pk)
    return render(
        request,
        "themes/theme_detail.html",
        {
            "theme": theme,
            "summary": selectors.theme_rating_summary(theme),
            "can_curate": curator,
            "min_ratings": selectors.MIN_RATINGS_SHOWN,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def theme_edit(request: HttpRequest, theme_id: int) -> HttpResponse:
    theme = get_theme_for_user(request.user, theme_id, curate=True)
    form = ThemeForm(
        request.POST or None, initial={"title": theme.title, "description": theme.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_update(theme=theme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            message_errors(request, error)
        else:
            messages.success(request, _("Thème modifié."))
            return redirect("themes:theme", theme.pk)
    return render(request, "themes/theme_form.html", {"form": form, "theme": theme})
