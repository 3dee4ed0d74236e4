"""Ballots: state derived from dates, guarded transitions, voting and changing one's vote,
who may see and vote, and results computed by the voting engine."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from conftest import member_user
from maillage.editions.charter import CharterRequired
from maillage.editions.models import Group, Membership
from maillage.editions.services import membership_end
from maillage.themes import selectors, services
from maillage.themes.models import Ballot, BallotState, Theme, Vote
from maillage.themes.permissions import get_ballot_for_user
from maillage.themes.tests.conftest import make_ballot, members_of, person_of

DAY = datetime.timedelta(days=1)


def ids(themes: list[Theme]) -> list[int]:
    return [theme.pk for theme in themes]


# State -------------------------------------------------------------------------------------------


def test_ballot_is_a_draft_before_it_opens(group: Group, catalogue: list[Theme]) -> None:
    ballot = make_ballot(group, catalogue[:3], opens_in=DAY, closes_in=3 * DAY)

    assert ballot.state == BallotState.DRAFT


def test_ballot_state_follows_the_clock(group: Group, catalogue: list[Theme]) -> None:
    ballot = make_ballot(group, catalogue[:3], opens_in=DAY, closes_in=3 * DAY)
    with time_machine.travel(timezone.now() + 2 * DAY):
        assert ballot.state == BallotState.OPEN
    with time_machine.travel(timezone.now() + 4 * DAY):
        assert ballot.state == BallotState.CLOSED


def test_state_annotation_matches_the_property(group: Group, catalogue: list[Theme]) -> None:
    make_ballot(group, catalogue[:3], opens_in=DAY, closes_in=3 * DAY)
    make_ballot(group, catalogue[:3])
    make_ballot(group, catalogue[:3], opens_in=-3 * DAY, closes_in=-DAY)

    for ballot in Ballot.objects.with_state():
        assert ballot.state_db == ballot.state


def test_early_close_sets_the_closing_date_to_now(ballot: Ballot, facilitator: Any) -> None:
    services.ballot_close(ballot=ballot, by=facilitator)

    ballot.refresh_from_db()
    assert ballot.state == BallotState.CLOSED
    assert abs(ballot.closes_at - timezone.now()) < datetime.timedelta(seconds=5)


def test_closing_a_draft_is_refused(group: Group, catalogue: list[Theme]) -> None:
    ballot = make_ballot(group, catalogue[:3], opens_in=DAY, closes_in=3 * DAY)

    with pytest.raises(ValidationError):
        ballot.close()


def test_closing_a_closed_ballot_is_refused(group: Group, catalogue: list[Theme]) -> None:
    ballot = make_ballot(group, catalogue[:3], opens_in=-3 * DAY, closes_in=-DAY)

    with pytest.raises(ValidationError):
        services.ballot_close(ballot=ballot, by=None)


def test_opening_a_draft_now_makes_it_open(group: Group, catalogue: list[Theme]) -> None:
    ballot = make_ballot(group, catalogue[:3], opens_in=DAY, closes_in=3 * DAY)

    services.ballot_open(ballot=ballot, by=None)

    ballot.refresh_from_db()
    assert ballot.state == BallotState.OPEN


def test_a_ballot_needs_two_candidates(group: Group, catalogue: list[Theme]) -> None:
    with pytest.raises(ValidationError):
        make_ballot(group, catalogue[:1])


def test_a_ballot_closes_after_it_opens(group: Group, catalogue: list[Theme]) -> None:
    with pytest.raises(ValidationError):
        make_ballot(group, catalogue[:3], opens_in=DAY, closes_in=-DAY)


def test_a_retired_theme_cannot_be_a_candidate(group: Group, catalogue: list[Theme]) -> None:
    services.theme_transition(theme=catalogue[0], action="retire", by=None)

    with pytest.raises(ValidationError):
        make_ballot(group, catalogue[:3])


def test_another_groups_proposal_cannot_be_a_candidate(
    group: Group, other_group: Group, catalogue: list[Theme]
) -> None:
    theirs = services.theme_propose(
        group=other_group, person=None, title="Le télétravail", description="", by=None
    )

    with pytest.raises(ValidationError):
        make_ballot(group, [catalogue[0], theirs])


def test_the_groups_own_proposal_can_be_a_candidate_at_once(
    group: Group, catalogue: list[Theme]
) -> None:
    ours = services.theme_propose(
        group=group, person=None, title="Le télétravail", description="", by=None
    )

    ballot = make_ballot(group, [catalogue[0], ours])

    assert selectors.candidates_of(ballot) == [catalogue[0], ours]


# Voting ------------------------------------------------------------------------------------------


def test_member_votes_and_changes_their_vote(ballot: Ballot, leader: Any) -> None:
    candidates = selectors.candidates_of(ballot)
    me = person_of(leader)
    services.vote_cast(ballot=ballot, person=me, choice={"ranking": ids(candidates)}, by=leader)
    services.vote_cast(
        ballot=ballot, person=me, choice={"ranking": ids(candidates)[::-1]}, by=leader
    )

    votes = Vote.objects.filter(ballot=ballot)
    assert votes.count() == 1
    assert votes.get().choice == {"ranking": ids(candidates)[::-1]}


def test_no_vote_after_the_close(ballot: Ballot, leader: Any) -> None:
    candidates = selectors.candidates_of(ballot)
    with (
        time_machine.travel(ballot.closes_at + DAY),
        pytest.raises(ValidationError, match="pas ouvert"),
    ):
        services.vote_cast(
            ballot=ballot, person=person_of(leader), choice={"ranking": ids(candidates)}, by=leader
        )


def test_no_vote_before_the_opening(group: Group, catalogue: list[Theme], leader: Any) -> None:
    ballot = make_ballot(group, catalogue[:3], opens_in=DAY, closes_in=3 * DAY)

    with pytest.raises(ValidationError):
        services.vote_cast(
            ballot=ballot, person=person_of(leader), choice={"ranking": []}, by=leader
        )


def test_a_ranking_naming_a_theme_twice_is_refused(ballot: Ballot, leader: Any) -> None:
    first = selectors.candidates_of(ballot)[0]

    with pytest.raises(ValidationError):
        services.vote_cast(
            ballot=ballot,
            person=person_of(leader),
            choice={"ranking": [first.pk, first.pk]},
            by=leader,
        )


def test_a_vote_for_a_theme_that_is_not_a_candidate_is_refused(
    ballot: Ballot, leader: Any, catalogue: list[Theme]
) -> None:
    with pytest.raises(ValidationError):
        services.vote_cast(
            ballot=ballot,
            person=person_of(leader),
            choice={"ranking": [catalogue[9].pk]},
            by=leader,
        )


def test_dots_over_the_budget_are_refused(
    group: Group, catalogue: list[Theme], leader: Any
) -> None:
    ballot = make_ballot(group, catalogue[:3], method=Ballot.Method.DOTS, dots=8)

    with pytest.raises(ValidationError, match="8"):
        services.vote_cast(
            ballot=ballot,
            person=person_of(leader),
            choice={"dots": {str(catalogue[0].pk): 5, str(catalogue[1].pk): 4}},
            by=leader,
        )


# Who ---------------------------------------------------------------------------------------------


def test_outsider_gets_404_on_a_ballot(ballot: Ballot, outsider: Any) -> None:
    with pytest.raises(Http404):
        get_ballot_for_user(outsider, ballot.pk)


def test_member_of_another_group_gets_404(ballot: Ballot, other_group_leader: Any) -> None:
    with pytest.raises(Http404):
        get_ballot_for_user(other_group_leader, ballot.pk)


def test_staff_get_403_on_ballot_content(ballot: Ballot, project_manager: Any) -> None:
    with pytest.raises(PermissionDenied):
        get_ballot_for_user(project_manager, ballot.pk)


def test_members_may_not_act_as_facilitators(ballot: Ballot, leader: Any) -> None:
    with pytest.raises(PermissionDenied):
        get_ballot_for_user(leader, ballot.pk, facilitate=True)


# Results -----------------------------------------------------------------------------------------


def cast_all(ballot: Ballot, choices: list[dict[str, Any]]) -> None:
    for person, choice in zip(members_of(ballot.group), choices, strict=False):
        services.vote_cast(ballot=ballot, person=person, choice=choice, by=None)


def test_results_follow_the_schulze_method(group: Group, catalogue: list[Theme]) -> None:
    """Schulze's own example (2011, section 3.1): 45 voters, five candidates, winner E."""
    a, b, c, d, e = catalogue[:5]
    ballot = make_ballot(group, [a, b, c, d, e])
    profile = [
        (5, [a, c, b, e, d]),
        (5, [a, d, e, c, b]),
        (8, [b, e, d, a, c]),
        (3, [c, a, b, e, d]),
        (7, [c, a, e, b, d]),
        (2, [c, b, a, d, e]),
        (7, [d, c, e, b, a]),
        (8, [e, b, a, d, c]),
    ]
    rankings = [ids(order) for count, order in profile for _ in range(count)]
    Vote.objects.bulk_create(
        [
            Vote(ballot=ballot, person=person, choice={"ranking": ranking})
            for person, ranking in zip(_people(group, len(rankings)), rankings, strict=True)
        ]
    )

    result = selectors.ballot_result(ballot)

    assert [tier.themes for tier in result.tiers] == [[e], [a], [c], [b], [d]]
    assert result.votes == 45
    row_a = next(row for row in result.matrix if row.theme == a)
    assert row_a.cells[[r.theme for r in result.matrix].index(b)].value == 20  # d[A][B]


def _people(group: Group, count: int) -> list[Any]:
    from maillage.editions.tests.factories import MembershipFactory

    existing = members_of(group)
    extra = [MembershipFactory(group=group).person for _ in range(count - len(existing))]
    return existing + extra


def test_a_tie_is_shown_as_a_tie_with_its_reason(group: Group, catalogue: list[Theme]) -> None:
    a, b = catalogue[:2]
    ballot = make_ballot(group, [a, b])
    cast_all(ballot, [{"ranking": [a.pk, b.pk]}, {"ranking": [b.pk, a.pk]}])

    result = selectors.ballot_result(ballot)

    assert [tier.themes for tier in result.tiers] == [[a, b]]
    assert result.tiers[0].tied
    assert "1 votant préfère le premier, 1 le second" in result.ties[0]


def test_a_tie_is_explained_in_english_with_the_verb_agreeing(
    group: Group, catalogue: list[Theme]
) -> None:
    from django.utils import translation

    a, b = catalogue[:2]
    ballot = make_ballot(group, [a, b])
    cast_all(ballot, [{"ranking": [a.pk, b.pk]}, {"ranking": [b.pk, a.pk]}] * 2)

    with translation.override("en"):
        (tie,) = selectors.ballot_result(ballot).ties

    assert "2 voters prefer the first, 2 the second" in tie


def test_approval_results_rank_by_approvals(group: Group, catalogue: list[Theme]) -> None:
    a, b, c = catalogue[:3]
    ballot = make_ballot(group, [a, b, c], method=Ballot.Method.APPROVAL)
    cast_all(ballot, [{"approvals": [a.pk, b.pk]}, {"approvals": [b.pk]}, {"approvals": [c.pk]}])

    result = selectors.ballot_result(ballot)

    assert [(tier.themes, tier.score) for tier in result.tiers] == [([b], 2), ([a, c], 1)]
    assert result.ties


def test_dot_results_add_the_dots(group: Group, catalogue: list[Theme]) -> None:
    a, b, c = catalogue[:3]
    ballot = make_ballot(group, [a, b, c], method=Ballot.Method.DOTS)
    cast_all(
        ballot,
        [
            {"dots": {str(a.pk): 6, str(c.pk): 2}},
            {"dots": {str(b.pk): 8}},
            {"dots": {str(c.pk): 3}},
        ],
    )

    result = selectors.ballot_result(ballot)

    assert result.scores == {a.pk: 6, b.pk: 8, c.pk: 5}
    assert [tier.themes for tier in result.tiers] == [[b], [a], [c]]


def test_turnout_counts_votes_over_members(ballot: Ballot) -> None:
    candidates = ids(selectors.candidates_of(ballot))
    cast_all(ballot, [{"ranking": candidates}] * 5)

    result = selectors.ballot_result(ballot)

    assert (result.votes, result.eligible) == (5, 15)
    assert result.turnout == pytest.approx(1 / 3)


def test_a_member_reads_ballots_once_they_accepted_the_charter(
    ballot: Ballot, group: Group
) -> None:
    newcomer = member_user(group, Membership.Role.LEADER, "newcomer@example.test")

    with pytest.raises(CharterRequired):
        get_ballot_for_user(newcomer, ballot.pk)


def test_a_tier_tied_by_the_same_figures_is_explained_in_one_sentence(
    group: Group, catalogue: list[Theme]
) -> None:
    a, b, c = catalogue[:3]
    ballot = make_ballot(group, [a, b, c])
    cast_all(ballot, [{"ranking": [a.pk, b.pk, c.pk]}, {"ranking": [c.pk, b.pk, a.pk]}])

    result = selectors.ballot_result(ballot)

    assert [tier.themes for tier in result.tiers] == [[a, b, c]]
    assert len(result.ties) == 1
    assert "dans chaque paire, 1 votant préfère l'un, 1 l'autre" in result.ties[0]


def test_a_member_who_left_before_the_close_is_not_counted(
    group: Group, catalogue: list[Theme], facilitator: Any
) -> None:
    """Everyone voted, then one member left the group: their vote no longer chooses the
    group's themes, and the turnout stays within the electorate."""
    a, b = catalogue[:2]
    ballot = make_ballot(group, [a, b])
    people = members_of(group)
    leaving, others = people[0], people[1:]
    services.vote_cast(ballot=ballot, person=leaving, choice={"ranking": [b.pk, a.pk]}, by=None)
    services.vote_cast(ballot=ballot, person=others[0], choice={"ranking": [a.pk, b.pk]}, by=None)
    membership_end(
        membership=Membership.objects.get(group=group, person=leaving),
        by=None,
        left_on=timezone.localdate(),
    )
    services.ballot_close(ballot=ballot, by=facilitator)
    ballot.refresh_from_db()

    result = selectors.ballot_result(ballot)

    assert (result.votes, result.eligible) == (1, 14)
    assert [tier.themes for tier in result.tiers] == [[a], [b]]


def test_the_lists_of_ballots_count_only_the_votes_of_members_still_in_the_group(
    group: Group, catalogue: list[Theme]
) -> None:
    """The programme page and GET /groups/{id}/ballots count votes as the result does."""
    a, b = catalogue[:2]
    ballot = make_ballot(group, [a, b])
    leaving, staying = members_of(group)[:2]
    for person in (leaving, staying):
        services.vote_cast(ballot=ballot, person=person, choice={"ranking": [a.pk, b.pk]}, by=None)
    membership_end(
        membership=Membership.objects.get(group=group, person=leaving),
        by=None,
        left_on=timezone.localdate(),
    )

    [listed] = selectors.group_ballots(group)

    assert listed.vote_count == 1 == selectors.ballot_result(ballot).votes
