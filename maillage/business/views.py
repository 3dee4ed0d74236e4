"""Pages of exchanges and business. Each view fetches and authorises in one call, then calls
services; htmx requests get the fragment they swap, other requests a redirect (works without
JavaScript)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from maillage.business import forms, selectors, services
from maillage.business.models import OfferNeed
from maillage.business.network import (
    edition_members,
    group_members,
    territory_members,
)
from maillage.business.network_prepared import prepared_network_view
from maillage.business.permissions import (
    can_update_idea,
    get_contact_for_user,
    get_idea_for_user,
    get_referral_for_user,
    member_person,
)
from maillage.editions.charter import require_charter
from maillage.editions.models import Group
from maillage.editions.permissions import (
    get_edition_for_user,
    get_group_for_user,
    get_territory_for_user,
    roles_of,
)
from maillage.meetings.models import Meeting

PAGE_SIZE = 25


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(form: Any) -> list[str]:
    """Every error of a form shown as a message, a field's named by its label (the small
    forms of an idea's card have no place for them beside their fields)."""
    errors = [str(message) for message in form.non_field_errors()]
    for name, field_errors in form.errors.items():
        if name != "__all__":
            errors.extend(
                _("%(field)s : %(error)s") % {"field": form[name].label, "error": message}
                for message in field_errors
            )
    return errors


# Contacts and referrals --------------------------------------------------------------------------


@login_required
@require_safe
def exchanges(request: HttpRequest) -> HttpResponse:
    """My exchanges: contacts to confirm, referrals under way, the latest contacts."""
    roles = roles_of(request.user)
    person_id = roles.person_id if roles.is_member else None
    context: dict[str, Any] = {"is_member": person_id is not None}
    if person_id is not None:
        context.update(
            groups=list(
                Group.objects.filter(pk__in=roles.group_ids)
                .select_related("edition__territory")
                .order_by("-edition__opening_date", "name")
            ),
            to_confirm=list(selectors.contacts_to_confirm(person_id)[:20]),
            referrals=list(selectors.open_referrals(person_id)[:20]),
            contacts=list(selectors.person_contacts(person_id)[:5]),
            person_id=person_id,
        )
    return render(request, "business/exchanges.html", context)


@login_required
@require_safe
def contacts(request: HttpRequest) -> HttpResponse:
    person_id = roles_of(request.user).person_id
    rows = selectors.person_contacts(person_id) if person_id else selectors.person_contacts(0)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "business/contacts.html", {"page": page, "person_id": person_id})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_new(request: HttpRequest) -> HttpResponse:
    member_person(request.user)
    initial: dict[str, Any] = {}
    if request.GET.get("avec", "").isdigit():
        initial["other"] = int(request.GET["avec"])
    form = forms.ContactForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_log(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Échange noté. Merci !"))
            return redirect("business:exchanges")
    return render(request, "business/contact_new.html", {"form": form})


@login_required
@require_POST
def contact_confirm(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_contact_for_user(request.user, contact_id, confirm=True)
    contact = services.contact_confirm(contact=contact, by=request.user)
    if is_htmx(request):
        return render(
            request,
            "business/_contact.html",
            {"contact": contact, "person_id": contact.other_id},
        )
    messages.success(request, _("Échange confirmé."))
    return redirect("business:exchanges")


@login_required
@require_safe
def referrals(request: HttpRequest) -> HttpResponse:
    person_id = roles_of(request.user).person_id
    rows = selectors.person_referrals(person_id or 0)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "business/referrals.html", {"page": page, "person_id": person_id})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def referral_new(request: HttpRequest) -> HttpResponse:
    member_person(request.user)
    initial: dict[str, Any] = {}
    if request.GET.get("pour", "").isdigit():
        initial["referee"] = int(request.GET["pour"])
    form = forms.ReferralForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_give(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Recommandation transmise. Le membre est prévenu."))
            return redirect("business:referral", referral.pk)
    return render(request, "business/referral_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Both sides read it; B (the referee) moves it on, with the amount when won."""
    referral = get_referral_for_user(request.user, referral_id)
    person_id = roles_of(request.user).person_id
    is_referee = referral.referee_id == person_id
    form = forms.ReferralUpdateForm(referral=referral) if is_referee else None
    if request.method == "POST":
        referral = get_referral_for_user(request.user, referral_id, as_referee=True)
        form = forms.ReferralUpdateForm(request.POST, referral=referral)
        if form.is_valid():
            try:
                referral = services.referral_update(
                    referral=referral,
                    status=form.cleaned_data["status"],
                    amount=form.cleaned_data["amount"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if is_htmx(request):
                    form = forms.ReferralUpdateForm(referral=referral)
                else:
                    messages.success(request, _("C'est noté : votre contact est prévenu."))
                    return redirect("business:referral", referral.pk)
        if is_htmx(request):
            return render(
                request,
                "business/_referral_status.html",
                {"referral": referral, "form": form, "is_referee": True},
            )
    return render(
        request,
        "business/referral.html",
        {
            "referral": referral,
            "is_referee": is_referee,
            "form": form,
            "thanks_form": forms.ThanksForm() if is_referee else None,
        },
    )


@login_required
@require_POST
def referral_thank(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = get_referral_for_user(request.user, referral_id, as_referee=True)
    form = forms.ThanksForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    services.referral_thank(referral=referral, message=message, by=request.user)
    messages.success(request, _("Votre remerciement est transmis."))
    return redirect("business:referral", referral.pk)


# Ideas -------------------------------------------------------------------------------------------


def _group_meetings(group: Group) -> Any:
    """The group's meetings an idea may come from, once begun (`services.idea_add`)."""
    return (
        Meeting.objects.filter(group=group)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at")
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_ideas(request: HttpRequest, group_id: int) -> HttpResponse:
    """The group's ideas (open first); a member notes a new one."""
    group = get_group_for_user(request.user, group_id, content=True)
    require_charter(request.user, group)
    now = timezone.now()
    meetings = _group_meetings(group).filter(starts_at__lte=now)
    initial: dict[str, Any] = {}
    if request.GET.get("rencontre", "").isdigit():
        initial["meeting"] = int(request.GET["rencontre"])
    else:
        latest = meetings.first()
        if latest is not None:
            initial["meeting"] = latest.pk
    form = forms.IdeaForm(request.POST or None, meetings=meetings, initial=initial)
    if request.method == "POST":
        member_person(request.user)
        if form.is_valid():
            try:
                services.idea_add(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Idée notée. Vous la retrouverez au suivi."))
                return redirect("business:group_ideas", group.pk)
    ideas = list(selectors.group_ideas(group))
    roles = roles_of(request.user)
    return render(
        request,
        "business/group_ideas.html",
        {
            "group": group,
            "form": form,
            "open_ideas": [i for i in ideas if i.is_open],
            "closed_ideas": [i for i in ideas if not i.is_open],
            "can_add": meetings.exists(),
            "person_id": roles.person_id,
            "facilitator": group.pk in roles.facilitated_group_ids,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def idea_detail(request: HttpRequest, idea_id: int) -> HttpResponse:
    """An idea; its author and the facilitators move it on in a tap (htmx swaps the card)."""
    idea = get_idea_for_user(request.user, idea_id, write=request.method == "POST")
    form = forms.IdeaUpdateForm(initial={"result": idea.result, "follow_up_on": idea.follow_up_on})
    if request.method == "POST":
        form = forms.IdeaUpdateForm(request.POST)
        if form.is_valid():
            try:
                idea = services.idea_update(
                    idea=idea,
                    status=form.cleaned_data["status"] or None,
                    result=form.cleaned_data["result"] if "result" in request.POST else None,
                    follow_up_on=form.cleaned_data["follow_up_on"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
        if is_htmx(request):
            return render(
                request,
                "business/_idea.html",
                {
                    "idea": idea,
                    "can_update": True,
                    "errors": _form_errors(form),
                    "on_page": request.POST.get("on_page") == "1",  # its own page: the h1
                },
            )
        if form.errors:
            for message in _form_errors(form):
                messages.error(request, message)
        else:
            messages.success(request, _("Idée mise à jour."))
        next_url = request.POST.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(next_url)
        return redirect("business:group_ideas", idea.group_id)
    return render(
        request,
        "business/idea.html",
        {"idea": idea, "form": form, "can_update": can_update_idea(request.user, idea)},
    )


# Offers and needs --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def offers_needs(request: HttpRequest) -> HttpResponse:
    """What my firm offers and needs, and the members whose offer fits my need."""
    person = member_person(request.user)
    row = OfferNeed.objects.select_related("need_activity").filter(person=person).first()
    initial = {
        "offer": row.offer if row else "",
        "need": row.need if row else "",
        "need_activity": row.need_activity.code if row and row.need_activity else "",
    }
    form = forms.OfferNeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.offer_need_save(
            offer=form.cleaned_data["offer"],
            need=form.cleaned_data["need"],
            need_activity=form.cleaned_data["need_activity"],
            by=request.user,
        )
        messages.success(request, _("Vos offres et besoins sont enregistrés."))
        return redirect("business:offers_needs")
    search = forms.SuggestionForm(request.GET or None)
    need = search.cleaned_data["need"] if search.is_valid() else (row.need if row else "")
    need_naf = (
        ""
        if search.is_valid() or row is None or row.need_activity is None
        else row.need_activity.code
    )
    found = selectors.suggestions(request.user, need, need_naf=need_naf) if need else []
    return render(
        request,
        "business/offers_needs.html",
        {"form": form, "search": search, "need": need, "suggestions": found},
    )


# Network -----------------------------------------------------------------------------------------


def _network_page(
    request: HttpRequest,
    title: str,
    members: set[int],
    start: Any,
    extra: dict[str, Any],
    step_months: int = 3,
) -> HttpResponse:
    today = timezone.localdate()
    viewer = roles_of(request.user).person_id
    view = prepared_network_view(
        members,
        today=today,
        start=min(start, today),
        viewer_person_id=viewer,
        step_months=step_months,
    )
    # Staff (and members looking at a set they are not in) have no node of their own.
    in_drawing = viewer is not None and viewer in members
    return render(
        request,
        "business/network.html",
        {"title": title, "view": view, "in_drawing": in_drawing, **extra},
    )


@login_required
@require_safe
def group_network(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_group_for_user(request.user, group_id)
    today = timezone.localdate()
    return _network_page(
        request,
        group.name,
        group_members(group.pk, today),
        group.edition.opening_date,
        {"group": group, "scope": "group"},
    )


@login_required
@require_safe
def edition_network(request: HttpRequest, edition_id: int) -> HttpResponse:
    edition = get_edition_for_user(request.user, edition_id)
    today = timezone.localdate()
    figures = selectors.exchange_figures(Group.objects.filter(edition=edition))
    return _network_page(
        request,
        edition.title,
        edition_members(edition, today),
        edition.opening_date,
        {"edition": edition, "scope": "edition", "exchange_figures": figures},
    )


@login_required
@require_safe
def territory_network(request: HttpRequest, slug: str) -> HttpResponse:
    territory = get_territory_for_user(request.user, slug)
    today = timezone.localdate()
    first = (
        territory.editions.order_by("opening_date").values_list("opening_date", flat=True).first()
    )
    figures = selectors.exchange_figures(Group.objects.filter(edition__territory=territory))
    return _network_page(
        request,
        territory.name,
        territory_members(territory.pk, today),
        first or today,
        {"territory": territory, "scope": "territory", "exchange_figures": figures},
        step_months=6,  # the territory's story spans several editions
    )
