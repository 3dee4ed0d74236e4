"""How well the offers/needs suggestions find the right members, measured on the demo.

    .venv/bin/python bench/business/suggestions.py [--today 2026-11-26]

Loads the Roannais demo into a throw-away SQLite database, then builds a labelled set from it:
each member's need, written by the demo in a client's words (`business/demo_data.py`), is
answered by the members whose firm's NAF code is one of that kind of need's providers. The
candidates are those the suggestions would consider for that member: the members of their
groups, and the members of the network who agreed to appear in the directory, with an offer.

For each method it prints precision at 3 (share of the first three suggestions that answer the
need) and MRR (mean of 1 / rank of the first right member):

- TF-IDF, need text only (what `GET /me/suggestions?need=` does);
- TF-IDF with the need's NAF code when the member gave one (the offers/needs page);
- NAF labels only: TF-IDF of the need against the firms' NAF labels, no offer text;
- random order;
- sentence embeddings, when the optional `embeddings` extra is installed.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--today", default="2026-11-26", help="demo anchor day (YYYY-MM-DD)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        started = time.monotonic()
        call_command("load_demo", "--today", args.today, stdout=io.StringIO())
        loaded = time.monotonic() - started
        labelled = labelled_set()
        report(labelled, args.today, loaded)


def labelled_set() -> list:
    from maillage.business import matching
    from maillage.business.demo_data import kind_of_need
    from maillage.business.models import OfferNeed
    from maillage.editions.models import Membership

    rows = list(
        OfferNeed.objects.select_related(
            "person__company__activity", "offer_activity", "need_activity"
        )
    )
    groups_of: dict[int, set[int]] = {}
    for person_id, group_id in Membership.objects.values_list("person_id", "group_id"):
        groups_of.setdefault(person_id, set()).add(group_id)
    offers = {
        row.person_id: matching.Offer(
            person_id=row.person_id,
            text=row.offer,
            naf_code=row.offer_activity.code if row.offer_activity else "",
            naf_label=row.offer_activity.label if row.offer_activity else "",
        )
        for row in rows
        if row.offer
    }
    consent = {row.person_id: row.person.directory_consent for row in rows}
    code_of = {
        row.person_id: row.person.company.activity.code if row.person.company else ""
        for row in rows
    }
    labelled = []
    for row in rows:
        kind = kind_of_need(row.need)
        if kind is None:
            continue
        mine = groups_of.get(row.person_id, set())
        candidates = tuple(
            offer
            for person_id, offer in sorted(offers.items())
            if person_id != row.person_id
            and (consent[person_id] or groups_of.get(person_id, set()) & mine)
        )
        expected = frozenset(
            o.person_id for o in candidates if code_of[o.person_id] in kind.providers
        )
        if expected:
            labelled.append(
                matching.LabelledNeed(
                    text=row.need,
                    expected=expected,
                    candidates=candidates,
                    naf=row.need_activity.code if row.need_activity else "",
                )
            )
    return labelled


def report(labelled: list, today: str, loaded: float) -> None:
    from dataclasses import replace

    from maillage.business import matching

    text_only = [replace(need, naf="") for need in labelled]
    methods = [
        ("TF-IDF, need text only", text_only, matching.tfidf_ranker),
        ("TF-IDF, with the need's NAF code when given", labelled, matching.tfidf_ranker),
        ("NAF labels only (baseline)", text_only, matching.naf_label_ranker),
        ("Random order (baseline)", text_only, matching.random_ranker(1)),
    ]
    if matching.embeddings_available():

        def embeddings_ranker(need: matching.LabelledNeed) -> list[int]:
            found = matching.rank(
                need.text, need.candidates, limit=10, min_score=0.0, method="embeddings"
            )
            return [m.person_id for m in found]

        methods.append(("Sentence embeddings (optional extra)", text_only, embeddings_ranker))
    with_naf = sum(1 for need in labelled if need.naf)
    candidates = sum(len(need.candidates) for need in labelled) / max(1, len(labelled))
    expected = sum(len(need.expected) for need in labelled) / max(1, len(labelled))
    print(f"Demo anchored on {today}, loaded in {loaded:.1f} s.")
    print(
        f"{len(labelled)} needs ({with_naf} with a NAF code), {candidates:.0f} candidates and "
        f"{expected:.1f} right members per need on average.\n"
    )
    print("| method | precision at 3 | MRR | time |")
    print("|---|---|---|---|")
    for name, needs, ranker in methods:
        started = time.monotonic()
        quality = matching.evaluate(needs, ranker)
        elapsed = time.monotonic() - started
        print(f"| {name} | {quality.precision_at_3:.2f} | {quality.mrr:.2f} | {elapsed:.1f} s |")
    print(
        f"\n{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
        f"{datetime.date.today():%Y-%m-%d}"
    )


if __name__ == "__main__":
    main()
