"""Figures drawn from survey answers or money amounts are hidden under five people; counts of
people and meetings are always shown."""

from __future__ import annotations

from decimal import Decimal

import pytest

from maillage.reports.bilan import bilan, group_scope
from maillage.reports.tests.bilan_world import TODAY, build

pytestmark = pytest.mark.django_db


def test_four_final_respondents_hide_the_survey_figures() -> None:
    change = bilan(group_scope(build(final_respondents=4).group, TODAY)).change

    assert change.nps is None
    assert change.satisfaction is None
    assert change.isolation_after is None
    assert change.isolation_change is None
    assert change.pairs == 4  # the count itself is shown


def test_five_final_respondents_show_them() -> None:
    change = bilan(group_scope(build(final_respondents=5).group, TODAY)).change

    assert change.nps is not None
    assert change.satisfaction is not None
    assert change.isolation_change is not None


def test_four_people_who_won_hide_the_amount_but_not_the_count() -> None:
    business = bilan(group_scope(build(winners=4).group, TODAY)).business

    assert business.amount_won is None
    assert business.referrals_won == 4
    assert business.winners == 4


def test_five_people_who_won_show_the_amount() -> None:
    business = bilan(group_scope(build(winners=5).group, TODAY)).business

    assert business.amount_won == Decimal(8000)


def test_counts_of_people_and_meetings_are_shown_however_small() -> None:
    report = bilan(group_scope(build(final_respondents=4, winners=4).group, TODAY))

    assert report.activity.leaders == 6
    assert report.activity.meetings_held == 3
    assert report.change.answered == 10


def test_the_total_amount_never_gives_away_a_hidden_years_amount() -> None:
    """2025 has five winners, 2024 one (hidden): shown beside the total, 2025's amount would give
    that one member's income (the total less 2025), so 2025's is hidden too; the total, won by
    six, shows, and so does the count of referrals won."""
    import datetime

    from django.db.models import Sum

    from maillage.business.models import Referral
    from maillage.business.tests.factories import ReferralFactory

    world = build(winners=5)
    L = world.leaders
    ReferralFactory(
        referrer=L[1],
        referee=L[0],
        given_on=datetime.date(2025, 9, 1),
        closed_on=datetime.date(2025, 11, 1),
        status=Referral.Status.WON,
        amount=Decimal(700),
    )
    report = bilan(group_scope(world.group, TODAY))
    years = {row.year: row.amount_won for row in report.years}
    assert years[2024] is None
    assert years[2025] is None
    won = Referral.objects.filter(status=Referral.Status.WON).aggregate(total=Sum("amount"))
    assert report.business.amount_won == won["total"]
    assert report.business.referrals_won == 6
