"""The payment reference (ISO 11649): its check digits, its reading back, and that it
is unique per agreement, municipality and year."""

from __future__ import annotations

import itertools

from opgave_cli.domain.reference import (
    check_digits,
    payment_reference,
    printed,
    read_reference,
    references_in,
)

SHIPPED = "opgaveovereenkomst-productieve-regio-2023-2024"


def test_the_standards_own_example() -> None:
    # ISO 11649's example: RF18 5390 0754 7034.
    assert check_digits("539007547034") == "18"


def test_arnhem_2023_in_the_shipped_agreement() -> None:
    reference = payment_reference(SHIPPED, "GM0202", 2023)
    assert (reference, printed(reference)) == ("RF5420230202XNUFC", "RF54 2023 0202 XNUF C")
    # Valid as any bank checks it: the first four characters moved to the end, letters
    # as 10..35, the number is 1 modulo 97.
    moved = reference[4:] + reference[:4]
    assert int("".join(str(int(c, 36)) for c in moved)) % 97 == 1
    found = read_reference("rf54 2023 0202 xnuf c")
    assert found is not None and (found.year, found.cbs_code) == (2023, "GM0202")
    assert found.is_for(SHIPPED) and not found.is_for("another-agreement")


def test_a_mistyped_reference_is_not_read() -> None:
    assert read_reference("RF54 2023 0202 XNUF D") is None  # one character off
    assert read_reference("RF45 2023 0202 XNUF C") is None  # check digits swapped
    assert read_reference("RF54 2023 0202 XNUF") is None  # too short
    assert read_reference("NL54 2023 0202 XNUF C") is None


def test_found_in_free_text() -> None:
    text = "Bijdrage GMR 2023 kenmerk RF54 2023 0202 XNUF C, en RF5420230202XNUFD (fout)"
    assert [(r.year, r.cbs_code) for r in references_in(text)] == [(2023, "GM0202")]


def test_unique_per_agreement_municipality_and_year() -> None:
    codes = [f"GM{n:04d}" for n in range(1, 400, 7)]
    agreements = [SHIPPED, "productieve-regio-2025-2028", "groene-groeiregio-2025-2028"]
    references = [
        payment_reference(a, c, y)
        for a, c, y in itertools.product(agreements, codes, range(2023, 2029))
    ]
    assert len(set(references)) == len(references)
