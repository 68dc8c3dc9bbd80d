"""The built-in drafter: each way of saying "no" becomes a default, obligations stay."""

from __future__ import annotations

import re

import pytest

from service.drafting.builtin import draft
from service.drafting.checks import (
    LOOSENING,
    MONEY,
    PROHIBITIVE,
    CheckInput,
    complete,
    legal_basis_kept,
    no_complaint_instructions,
    not_more_restrictive,
    on_topic,
)
from service.drafting.phrasing import base_form, third_person, with_article
from service.drafting.schema import DraftAnswer, DraftInput, InputComplaint, InputRule


def rule_input(
    text: str,
    *,
    basis: str | None = None,
    section: str = "2. Returns and refunds",
    context: tuple[str, ...] = (),
    complaints: tuple[InputComplaint, ...] = (),
) -> DraftInput:
    return DraftInput(
        rule=InputRule(
            id="r-1", manual="m", section=section, number="2.1", text=text, legal_basis=basis
        ),
        context=list(context),
        complaints=list(complaints),
    )


def cues(text: str) -> int:
    return len(PROHIBITIVE.findall(text))


def first_sentence(answer: DraftAnswer) -> str:
    return re.split(r"(?<=[.!?])\s+", answer.proposed)[0]


# --- one case per pattern family: (rule, what the default must say, what must be gone) ---

FAMILIES = [
    (
        "Customers may not bring their own bags onto the shop floor.",
        "Customers can bring their own bags onto the shop floor",
        "may not",
    ),
    (
        "Members cannot freeze their membership during the first year.",
        "Members can freeze their membership during the first year",
        "cannot",
    ),
    (
        "Guests are not permitted to use the pool after 9pm.",
        "Guests can use the pool after 9pm",
        "not permitted",
    ),
    (
        "No pets will be accepted in the rooms.",
        "Pets will be accepted in the rooms",
        "No pets",
    ),
    (
        "No refund is given for unused sessions.",
        "A refund is given for unused sessions",
        "No refund",
    ),
    ("Booking deposits are non-refundable.", "Booking deposits are refundable", "non-refundable"),
    (
        "Refunds are given only as store credit, never as cash.",
        "as store credit, or as cash, as the customer prefers",
        "never",
    ),
    (
        "Never discuss a customer's bill with a neighbour.",
        "Staff can discuss a customer's bill with a neighbour",
        "Never",
    ),
    (
        "Customers must present the original receipt to claim a refund.",
        "Customers can present the original receipt",
        "must present",
    ),
    (
        "Late claims will be rejected, and there are no exceptions to this rule.",
        "Late claims will be accepted",
        "no exceptions",
    ),
    (
        "Under no circumstances may staff accept cash deposits from third parties.",
        "Staff can accept cash deposits from third parties",
        "circumstances",
    ),
    (
        "We would kindly ask patients not to bring food into the clinic.",
        "Patients can bring food into the clinic",
        "kindly ask",
    ),
    (
        "Council officers do not discuss planning matters over the telephone.",
        "Council officers discuss planning matters over the telephone",
        "do not",
    ),
    (
        "Nobody else may collect an order on the customer's behalf.",
        "Someone else may collect an order on the customer's behalf",
        "Nobody",
    ),
    (
        "Engineers will not visit until remote tests are complete.",
        "Engineers can visit without waiting until remote tests are complete",
        "will not",
    ),
    (
        "A return will be declined unless the customer presents the till receipt.",
        "A return will be accepted when the customer presents the till receipt",
        "declined",
    ),
    (
        "Photocopies of receipts are not accepted as proof of purchase.",
        "Photocopies of receipts are accepted as proof of purchase",
        "not accepted",
    ),
    (
        "Loyalty points are forfeited if the account is unused for a year.",
        "Loyalty points stay valid if the account is unused for a year",
        "forfeited",
    ),
    (
        "Price matching is limited to identical items. Marketplace sellers are excluded.",
        "Marketplace sellers are included",
        "excluded",
    ),
    (
        "Payment plans are limited to a maximum of six months.",
        "Payment plans can cover up to six months",
        "limited to",
    ),
    (
        "Staff may not speak to a relative about an account, even if the account holder agrees.",
        "Staff can speak to a relative about an account when the account holder agrees",
        "even if",
    ),
    (
        "Customers may not cancel within 24 months without paying an exit fee of £150.",
        "Customers can cancel within 24 months by paying an exit fee of £150",
        "without",
    ),
    (
        "Never change a tariff without a supervisor's approval.",
        "Staff can change a tariff, and tell the supervisor afterwards",
        "approval",
    ),
    (
        "We reserve the right to cancel any layby that is not paid within 8 weeks.",
        "We talk to the customer and look for another way before we cancel any layby",
        "reserve the right",
    ),
    (
        "Paper bills are no longer available to customers.",
        "Paper bills are still available to customers",
        "no longer",
    ),
]


@pytest.mark.parametrize(("text", "default", "gone"), FAMILIES)
def test_each_prohibition_becomes_a_default(text: str, default: str, gone: str) -> None:
    answer = draft(rule_input(text))
    assert default in answer.proposed
    assert gone not in first_sentence(answer)
    assert cues(answer.proposed) <= cues(text)


@pytest.mark.parametrize(("text", "default", "gone"), FAMILIES)
def test_the_default_field_states_what_the_customer_can_now_do(
    text: str, default: str, gone: str
) -> None:
    assert default in draft(rule_input(text)).default


# --- legal and safety obligations ----------------------------------------------------------

LEGAL = [
    (
        "In line with PCI DSS, colleagues must never write down a customer's card number.",
        "PCI DSS",
    ),
    (
        "Staff must refuse travel to any customer without a valid passport, as required by "
        "immigration law and Article 26 of the Convention implementing the Schengen Agreement.",
        "immigration law; Article 26 of the Convention implementing the Schengen Agreement",
    ),
    (
        "Smoking is not permitted anywhere in the hotel, in line with the Health Act 2006. "
        "Guests who smoke in their room will be charged a cleaning fee of £250.",
        "Health Act 2006",
    ),
    (
        "Under the Data Protection Act 2018 and the UK GDPR, account information is disclosed "
        "only to the account holder.",
        "Data Protection Act 2018; UK GDPR",
    ),
]


@pytest.mark.parametrize(("text", "basis"), LEGAL)
def test_legal_obligations_are_kept_word_for_word(text: str, basis: str) -> None:
    answer = draft(rule_input(text, basis=basis))
    first = re.split(r"(?<=\.)\s+(?=[A-Z])", text)[0]
    assert first in answer.proposed
    assert basis in answer.proposed
    assert answer.legal_basis == basis
    assert answer.proposed != text
    for sentence in re.split(r"(?<=[.!?])\s+", answer.proposed):
        if basis in sentence:
            assert not LOOSENING.search(sentence)
    assert cues(answer.proposed) <= cues(text)


def test_a_sentence_beside_the_obligation_can_still_open() -> None:
    text = (
        "Smoking is not permitted anywhere in the hotel, in line with the Health Act 2006. "
        "Guests who smoke in their room will be charged a cleaning fee of £250."
    )
    answer = draft(rule_input(text, basis="Health Act 2006"))
    assert "waive or reduce the cleaning fee (up to its full £250)" in answer.discretion


def test_a_restatement_of_the_obligation_is_kept_too() -> None:
    text = (
        "Prescription-only medicines are supplied only after a clinical assessment, as required "
        "by the Human Medicines Regulations 2012. No prescription may be issued on the strength "
        "of a telephone request."
    )
    answer = draft(rule_input(text, basis="Human Medicines Regulations 2012"))
    assert "No prescription may be issued on the strength of a telephone request." in (
        answer.proposed
    )


def test_without_a_basis_the_answer_has_none_and_hearsay_is_named() -> None:
    text = "For legal reasons, staff cannot tell a customer why a fraud block was placed."
    answer = draft(rule_input(text, section="Fraud blocks"))
    assert answer.legal_basis is None
    assert "legal reasons" not in answer.proposed
    assert "Staff can tell a customer why a fraud block was placed" in answer.proposed
    assert answer.origin is not None and answer.origin.kind == "hearsay"


def test_a_named_safety_requirement_is_kept_even_without_a_basis() -> None:
    text = "For safety reasons, children under 8 must be accompanied in the pool by an adult."
    answer = draft(rule_input(text, section="Pool"))
    assert text in answer.proposed
    assert answer.legal_basis is None


# --- bounded discretion and escalation -----------------------------------------------------

FIGURES = [
    (
        "Delivery slots cannot be changed, and a missed delivery is charged a £25 redelivery fee.",
        "£25",
    ),
    ("A restocking fee of 15% applies to all returned furniture.", "15%"),
    (
        "Disputes must be reported within 60 days; later disputes will not be considered.",
        "60 more days",
    ),
    ("Each customer is limited to three returns in any twelve-month period.", "three more returns"),
    ("Goodwill payments are capped at £50 per complaint.", "£50 more"),
    ("Airport check-in closes 60 minutes before departure. No exceptions are made.", "60-minute"),
    ("Customers leaving must give at least 28 days' notice.", "28 days"),
]


@pytest.mark.parametrize(("text", "figure"), FIGURES)
def test_discretion_is_bounded_by_the_rules_own_figures(text: str, figure: str) -> None:
    answer = draft(rule_input(text))
    assert figure in answer.discretion
    assert answer.discretion in answer.proposed
    for amount in MONEY.findall(answer.proposed):
        assert amount in text


def test_without_figures_discretion_is_bounded_by_a_kind_of_case() -> None:
    answer = draft(rule_input("Claims are accepted by telephone only."))
    assert "for a single claim, once per customer in any 12 months" in answer.discretion


@pytest.mark.parametrize(
    ("text", "context", "role"),
    [
        ("Refunds are at the discretion of the store manager only.", (), "the store manager"),
        (
            "Pets are not allowed in rooms.",
            ("Ask the shift supervisor if unsure.",),
            "the shift supervisor",
        ),
        ("Pets are not allowed in rooms.", (), "the duty manager"),
    ],
)
def test_escalation_names_a_role_from_the_rule_or_its_context(
    text: str, context: tuple[str, ...], role: str
) -> None:
    answer = draft(rule_input(text, context=context))
    assert role in answer.escalation
    assert "same day" in answer.escalation


# --- purpose, origin, citations ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "section", "protects"),
    [
        ("Returns need the original till receipt as proof of purchase.", "Returns", "fraud"),
        ("No food or drink may be brought into the clinic.", "Conduct", "hygiene"),
        ("Field staff will not enter a home where a dog is present.", "Home visits", "safety"),
        ("Staff may not speak to a spouse about an account.", "Third-party access", "privacy"),
    ],
)
def test_purpose_names_what_the_rule_protects(text: str, section: str, protects: str) -> None:
    assert protects in draft(rule_input(text, section=section)).purpose


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Bags wrapped in film are not accepted. This has always been the practice.", "tradition"),
        ("Following an incident in 2022, no animals are carried in the hold.", "reaction"),
        ("Refunds need a manager's approval and staff may not give them.", "distrust"),
        (
            "At the request of the Chief Executive, customers may not eat on board.",
            "leader_preference",
        ),
        ("Disputes are handled solely by the Card Disputes Team.", "silo"),
        (
            "Reminders are sent as a courtesy and do not excuse a missed appointment.",
            "self_protection",
        ),
        (
            "Emergency passports are not accepted; staff believe this is a legal requirement.",
            "hearsay",
        ),
        ("Name changes are not permitted.", "unknown"),
    ],
)
def test_origin_follows_the_cues_in_the_text(text: str, kind: str) -> None:
    origin = draft(rule_input(text)).origin
    assert origin is not None and origin.kind == kind and origin.explanation
    assert "Chief Executive" not in draft(rule_input(text)).proposed


def test_citations_are_the_supplied_quotes_and_no_complaint_text_is_copied() -> None:
    complaints = (
        InputComplaint(
            id="C-1",
            text="I was turned away with my receipt photo on my phone after a long drive home.",
            quote="I was turned away with my receipt photo on my phone",
        ),
        InputComplaint(
            id="C-2",
            text="They would not take my bank statement.",
            quote="They would not take my bank statement.",
        ),
    )
    text = "A return will be declined unless the customer presents the original till receipt."
    answer = draft(rule_input(text, complaints=complaints))
    assert [(c.complaint_id, c.quote) for c in answer.citations] == [
        ("C-1", "I was turned away with my receipt photo on my phone"),
        ("C-2", "They would not take my bank statement."),
    ]
    assert "2 customer complaints" in answer.rationale
    fields = " ".join(
        [answer.proposed, answer.purpose, answer.default, answer.discretion, answer.escalation]
    )
    for complaint in complaints:
        words = complaint.text.split()
        for i in range(len(words) - 5):
            assert " ".join(words[i : i + 6]) not in fields
    assert draft(rule_input(text)).citations == []


# --- whole answers -------------------------------------------------------------------------

ANY_RULES = (
    [text for text, _, _ in FAMILIES]
    + [text for text, _ in FIGURES]
    + [
        "Visiting is restricted to two visitors per bed, and children under 12 are not allowed on the ward.",
        "Tickets are non-transferable and non-refundable. Passengers without a ticket pay a penalty fare of £80.",
        "Pets are strictly prohibited in all rooms, following repeated complaints about damage.",
        "Registration forms are to be completed by hand at reception. Forms sent by email cannot be accepted.",
    ]
)


@pytest.mark.parametrize("text", ANY_RULES)
def test_every_answer_passes_the_checks_and_is_deterministic(text: str) -> None:
    data = rule_input(text, section="General")
    answer = draft(data)
    assert answer == draft(data)
    assert " ".join(answer.proposed.split()) != " ".join(text.split())
    assert all(
        [answer.purpose, answer.default, answer.discretion, answer.escalation, answer.rationale]
    )
    assert cues(answer.proposed) <= cues(text)
    for amount in MONEY.findall(answer.proposed):
        assert amount in text
    assert (
        "  " not in answer.proposed and " ," not in answer.proposed and ".." not in answer.proposed
    )
    assert answer.legal_basis is None
    checked = CheckInput(
        answer=answer, original=text, legal_basis=None, context=[], complaint_texts={}, citations=[]
    )
    for check in (
        complete,
        on_topic,
        legal_basis_kept,
        not_more_restrictive,
        no_complaint_instructions,
    ):
        result = check(checked)
        assert result.passed, result.detail


def test_a_rule_that_matches_no_pattern_still_states_a_default() -> None:
    text = "Patients who miss two outpatient appointments are discharged back to their GP."
    answer = draft(rule_input(text, section="Appointments"))
    assert text in answer.proposed
    assert "A patient who needs something this rule does not provide can ask" in answer.proposed
    assert answer.default.startswith("A patient who needs")


def test_a_fee_rule_keeps_the_fee_and_offers_a_waiver() -> None:
    text = "A change fee of €60 per passenger applies to every change of date."
    answer = draft(rule_input(text))
    assert text in answer.proposed
    assert "ask for the change fee to be waived or reduced" in answer.default


@pytest.mark.parametrize(
    ("word", "third", "base"),
    [("accept", "accepts", "accept"), ("apply", "applies", "apply"), ("push", "pushes", "push")],
)
def test_verb_forms(word: str, third: str, base: str) -> None:
    assert third_person(word) == third
    assert base_form(third) == base


@pytest.mark.parametrize(
    ("gerund", "base"),
    [("sitting", "sit"), ("lying", "lie"), ("taking", "take"), ("opening", "open")],
)
def test_gerunds_become_plain_verbs(gerund: str, base: str) -> None:
    assert base_form(gerund) == base


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("prescription", "a prescription"),
        ("examination", "an examination"),
        ("food", "food"),
        ("animals", "animals"),
        ("other date", "another date"),
    ],
)
def test_articles_for_phrases_that_lost_their_no(phrase: str, expected: str) -> None:
    assert with_article(phrase) == expected


def test_the_fallback_default_names_the_rules_subject() -> None:
    text = (
        "Airport check-in and bag drop close 60 minutes before departure. No exceptions are made."
    )
    answer = draft(rule_input(text, section="Check-in"))
    assert "No exceptions" not in answer.proposed
    assert "the rule on airport check-in and bag drop does not provide can ask" in answer.default
