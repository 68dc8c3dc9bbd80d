"""Which language a rule or a draft is in: what the checks cannot read is told apart."""

from __future__ import annotations

import pytest

from service.core.language import foreign_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Los turnos que no se cancelen con 24 horas de anticipación se cobran.", "Spanish"),
        ("Se cobra un recargo de 15 % por pago tardío.", "Spanish"),
        ("Le personnel peut prolonger ce délai à deux mois.", "French"),
        ("Kundinnen und Kunden dürfen keine Getränke mitbringen.", "German"),
        ("Asiakas maksaa kadonneesta avaimesta 20 euroa.", "Finnish"),
        ("Annuleren is niet mogelijk in de laatste week.", "Dutch"),
        ("Il pagamento è dovuto in anticipo per tutte le camere.", "Italian"),
        ("No se cobra la tarifa a clientes enfermos.", "Spanish"),
        ("店内での飲食は禁止されています。", "Japanese"),
    ],
)
def test_a_text_in_another_language_is_named(text: str, language: str) -> None:
    assert foreign_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "Refunds are given as account credit only.",
        "2-6 Loan units (代替機) are not provided during any repair.",
        "Contact the Hà Nội branch at 27 Ngõ Huyện for a replacement key.",
        "Where a customer moved away, staff can waive the 30 € fee; the Manager decides.",
        "No pets.",  # too short to tell
        # names and figures with no common words of any language
        "Kita Sonnenschein late pick-up fee: €25.",
        "Ryokan Sakura cancellation fee: ¥5,000.",
        "Rooms: Standard €90, Superior €120, Deluxe €150.",
    ],
)
def test_english_and_text_too_short_to_tell_are_not_foreign(text: str) -> None:
    assert foreign_language(text) is None
