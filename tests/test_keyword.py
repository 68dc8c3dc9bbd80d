"""BM25 keyword index: text queries and term-row queries agree; search ranks by score."""

from __future__ import annotations

import numpy as np

from service.index.keyword import KeywordIndex, terms

RULES = [
    "Refunds are given only as store credit.",
    "Sale items cannot be returned or exchanged.",
    "Customers must show the original receipt for every return.",
]
COMPLAINTS = [
    "They refused a refund and offered store credit, which I did not want.",
    "I lost the receipt but had my card statement; they still refused the return.",
    "The parking was full.",
    "Refunds refunded refunding: the stems should match the rule.",
]


def test_terms_are_stemmed_and_without_stop_words() -> None:
    assert terms("The refunds are refunded") == ["refund", "refund"]


def test_term_rows_from_another_index_score_like_the_text() -> None:
    rules = KeywordIndex.build([f"r{i}" for i in range(len(RULES))], RULES)
    complaints = KeywordIndex.build([f"c{i}" for i in range(len(COMPLAINTS))], COMPLAINTS)
    rows = complaints.document_terms[[complaints.position[f"c{i}"] for i in range(len(COMPLAINTS))]]
    from_terms = rules.score_terms(rows @ rules.translation(complaints))
    from_text = rules.score_matrix(COMPLAINTS)
    np.testing.assert_allclose(from_terms, from_text, rtol=1e-6)
    assert from_text[0].argmax() == 0 and from_text[1].argmax() == 2
    assert not from_text[2].any()


def test_search_returns_the_best_ids_with_positive_scores_only() -> None:
    complaints = KeywordIndex.build([f"c{i}" for i in range(len(COMPLAINTS))], COMPLAINTS)
    hits = complaints.search(["store credit refund", "zebra xylophone"], k=10)
    assert hits[0][0][0] in {"c0", "c3"}
    assert all(score > 0 for _, score in hits[0])
    assert [s for _, s in hits[0]] == sorted((s for _, s in hits[0]), reverse=True)
    assert hits[1] == []


def test_an_empty_index_scores_nothing(tmp_path: object) -> None:
    empty = KeywordIndex.build([], [])
    assert empty.search(["anything"], 5) == [[]]
    assert empty.score_matrix(["anything"]).shape == (1, 0)


def test_a_complaint_meets_a_rule_in_their_own_language() -> None:
    """Spanish words are stemmed as Spanish ("cancelé" meets "cancelen", "cobraron" meets
    "cobran"), and Spanish stop words ("con", "el", "de") are no words in common."""
    rules = KeywordIndex.build(
        ["r-citas", "r-recibos"],
        [
            "Las citas que se cancelen tarde se cobran enteras.",
            "Los recibos deben presentarse con el formulario de la sucursal.",
        ],
    )
    scores = rules.score_matrix(["Me cobraron porque cancelé mi turno con el aviso de siempre."])
    assert scores[0][0] > 0
    assert scores[0][1] == 0
