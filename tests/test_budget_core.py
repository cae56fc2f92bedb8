"""The pure core of budget shares: exact splitting, errors, Dutch formatting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opgave_cli.cli.app import describe
from opgave_cli.domain.budget import BudgetReport, compute_budget
from opgave_cli.domain.models import Agreement, Gemeente, GemeentenFile, YearAmount
from opgave_cli.domain.money import largest_remainder, parse_amount
from opgave_cli.errors import RefusedError, UsageError
from opgave_cli.loader import load
from opgave_cli.text import format_euro, format_percent

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def shipped() -> tuple[Agreement, GemeentenFile]:
    return load(DATA)


def with_amounts(agreement: Agreement, amounts: dict[int, Decimal]) -> Agreement:
    """The agreement with these amounts, each split on the counts of 1 January 2026."""
    split = {
        year: YearAmount(total=total, inhabitants_at=date(2026, 1, 1))
        for year, total in amounts.items()
    }
    contribution = agreement.contribution.model_copy(update={"amounts": split})
    return agreement.model_copy(update={"contribution": contribution})


def with_gemeenten(gemeenten_file: GemeentenFile, gemeenten: list[Gemeente]) -> GemeentenFile:
    return gemeenten_file.model_copy(update={"gemeenten": gemeenten})


def changed(gemeenten_file: GemeentenFile, **updates: dict[str, object]) -> GemeentenFile:
    """A copy where the municipality with slug ``key`` gets the fields in ``updates[key]``."""
    key = {slug.replace("_", "-"): update for slug, update in updates.items()}
    return with_gemeenten(
        gemeenten_file,
        [
            g.model_copy(update=key[g.slug]) if g.slug in key else g
            for g in gemeenten_file.gemeenten
        ],
    )


def amounts_by_slug(report: BudgetReport) -> dict[str, Decimal | None]:
    return {row.slug: row.amount for row in report.rows}


# --- largest_remainder: exact examples -----------------------------------------


@pytest.mark.parametrize(
    ("weights", "units", "expected"),
    [
        ([1, 1, 1], 100, [34, 33, 33]),
        ([1, 1, 1], 2, [1, 1, 0]),
        ([1, 1], 1, [1, 0]),
        ([1, 1, 1, 1], 2, [1, 1, 0, 0]),
        ([3, 1], 5, [4, 1]),  # exact 3.75 and 1.25: the larger remainder wins
        ([1, 3], 2, [1, 1]),  # exact 0.5 and 1.5: equal remainders, index 0 first
        ([3, 1], 2, [2, 0]),  # exact 1.5 and 0.5: equal remainders, index 0 first
        ([0, 5], 3, [0, 3]),
        ([0, 1, 0], 7, [0, 7, 0]),
        ([2, 5], 0, [0, 0]),
        ([7], 12345, [12345]),
        ([1, 2, 3, 4], 10, [1, 2, 3, 4]),
    ],
)
def test_largest_remainder_examples(weights: list[int], units: int, expected: list[int]) -> None:
    assert largest_remainder(weights, units) == expected


def test_largest_remainder_ties_go_to_the_earlier_index() -> None:
    assert largest_remainder([1] * 7, 3) == [1, 1, 1, 0, 0, 0, 0]
    assert largest_remainder([5, 2, 5, 2], 1) == [1, 0, 0, 0]
    assert largest_remainder([2, 5, 2, 5], 1) == [0, 1, 0, 0]


@pytest.mark.parametrize("weights", [[], [0], [0, 0, 0]])
def test_largest_remainder_refuses_all_zero_weights(weights: list[int]) -> None:
    with pytest.raises(ValueError, match="all 0"):
        largest_remainder(weights, 10)


def test_largest_remainder_refuses_negative_values() -> None:
    with pytest.raises(ValueError, match="units must not be negative"):
        largest_remainder([1, 2], -1)
    with pytest.raises(ValueError, match="weights must not be negative"):
        largest_remainder([3, -1], 5)


# --- largest_remainder: properties ---------------------------------------------

weights_lists = st.lists(st.integers(0, 10**7), min_size=1, max_size=40).filter(any)
units_values = st.one_of(
    st.sampled_from([0, 1, 17, 99, 100, 25_000_000, 123_456_789_01]),  # cents: 0.01, 0.17 …
    st.integers(0, 10**4),
    st.integers(0, 10**12),
)


@settings(max_examples=200, deadline=None)
@given(weights=weights_lists, units=units_values)
def test_largest_remainder_is_exact_and_within_one_unit(weights: list[int], units: int) -> None:
    parts = largest_remainder(weights, units)
    whole = sum(weights)
    assert len(parts) == len(weights)
    assert sum(parts) == units
    for part, weight in zip(parts, weights, strict=True):
        exact = Fraction(units * weight, whole)
        assert abs(part - exact) < 1
        assert part >= 0
        if weight == 0:
            assert part == 0
    assert largest_remainder(list(weights), units) == parts  # deterministic
    assert largest_remainder(tuple(weights), units) == parts


@settings(max_examples=200, deadline=None)
@given(weights=weights_lists, units=units_values)
def test_largest_remainder_gives_leftovers_by_remainder_then_index(
    weights: list[int], units: int
) -> None:
    parts = largest_remainder(weights, units)
    whole = sum(weights)
    extra = [part - units * w // whole for part, w in zip(parts, weights, strict=True)]
    remainder = [units * w % whole for w in weights]
    assert set(extra) <= {0, 1}
    for i, got in enumerate(extra):
        for j, missed in enumerate(extra):
            if got == 1 and missed == 0:
                assert (remainder[i], -i) > (remainder[j], -j)


@settings(max_examples=200, deadline=None)
@given(weight=st.integers(1, 10**7), count=st.integers(1, 40), units=units_values)
def test_equal_weights_get_parts_that_never_increase(weight: int, count: int, units: int) -> None:
    parts = largest_remainder([weight] * count, units)
    assert parts == sorted(parts, reverse=True)
    assert parts[0] - parts[-1] <= 1


# --- compute_budget on the shipped data ----------------------------------------


def test_shipped_data_split_of_a_what_if_total(shipped: tuple[Agreement, GemeentenFile]) -> None:
    agreement, gemeenten = shipped
    report = compute_budget(agreement, gemeenten, year=None, total=Decimal("250000"))
    assert report.source == "what-if"
    assert report.year is None
    assert report.total == Decimal("250000.00")
    assert str(report.total) == "250000.00"
    assert report.sum_amount == Decimal("250000.00")
    assert report.reference_date == date(2026, 1, 1)
    assert len(report.rows) == 18
    assert sum(row.amount or 0 for row in report.rows) == Decimal("250000.00")
    assert sum(row.share for row in report.rows) == Decimal("1.000000")
    assert sum(row.percent for row in report.rows) == Decimal("100.00")
    assert {row.amount.as_tuple().exponent for row in report.rows if row.amount} == {-2}
    assert {row.share.as_tuple().exponent for row in report.rows} == {-6}
    assert {row.percent.as_tuple().exponent for row in report.rows} == {-2}

    # 819,528 inhabitants in all. Nijmegen: 250000 * 189871 / 819528 = 57920.8398…,
    # Rozendaal: 250000 * 1837 / 819528 = 560.3835…, Mook en Middelaar:
    # 250000 * 8192 / 819528 = 2498.9994… (its remainder .94 cent earns a cent).
    assert sum(g.inhabitants[date(2026, 1, 1)] for g in gemeenten.gemeenten) == 819_528
    rows = {row.slug: row for row in report.rows}
    assert rows["nijmegen"].amount == Decimal("57920.84")
    assert rows["nijmegen"].share == Decimal("0.231683")
    assert rows["nijmegen"].percent == Decimal("23.17")
    assert rows["arnhem"].amount == Decimal("52414.93")
    assert rows["rozendaal"].amount == Decimal("560.38")
    assert rows["rozendaal"].percent == Decimal("0.22")
    assert rows["mook-en-middelaar"].amount == Decimal("2499.00")
    assert rows["mook-en-middelaar"].share == Decimal("0.009996")
    for row in report.rows:
        exact = Fraction(250_000 * row.inhabitants, 819_528)
        assert row.amount is not None
        assert abs(Fraction(row.amount) - exact) < Fraction(1, 100)
        assert abs(Fraction(row.share) - exact / 250_000) < Fraction(1, 10**6)


def test_sort_orders_rows_without_changing_the_allocation(
    shipped: tuple[Agreement, GemeentenFile],
) -> None:
    agreement, gemeenten = shipped
    by_share = compute_budget(agreement, gemeenten, year=None, total=Decimal("1000.01"))
    by_name = compute_budget(agreement, gemeenten, year=None, total=Decimal("1000.01"), sort="name")
    assert [r.slug for r in by_share.rows][:3] == ["nijmegen", "arnhem", "overbetuwe"]
    assert by_share.rows[-1].slug == "rozendaal"
    assert [r.inhabitants for r in by_share.rows] == sorted(
        (r.inhabitants for r in by_share.rows), reverse=True
    )
    assert [r.name for r in by_name.rows] == sorted(
        (r.name for r in by_name.rows), key=str.casefold
    )
    assert by_name.rows[0].slug == "arnhem"
    assert by_name.rows[-1].slug == "zevenaar"
    assert set(by_share.rows) == set(by_name.rows)


def test_equal_inhabitants_sort_by_name_and_ties_follow_file_order(
    shipped: tuple[Agreement, GemeentenFile],
) -> None:
    agreement, gemeenten = shipped
    arnhem, berg_en_dal, beuningen = (
        g.model_copy(update={"inhabitants": {date(2026, 1, 1): 1000}})
        for g in gemeenten.gemeenten[:3]
    )
    file = with_gemeenten(gemeenten, [beuningen, berg_en_dal, arnhem])
    report = compute_budget(agreement, file, year=None, total=Decimal("0.02"))
    assert [r.name for r in report.rows] == ["Arnhem", "Berg en Dal", "Beuningen"]
    # Equal remainders everywhere: the leftover units go in file order.
    assert amounts_by_slug(report) == {
        "arnhem": Decimal("0.00"),
        "berg-en-dal": Decimal("0.01"),
        "beuningen": Decimal("0.01"),
    }
    rows = {row.slug: row for row in report.rows}
    assert rows["beuningen"].share == Decimal("0.333334")
    assert rows["beuningen"].percent == Decimal("33.34")
    assert rows["arnhem"].share == rows["berg-en-dal"].share == Decimal("0.333333")
    assert rows["arnhem"].percent == Decimal("33.33")


def test_without_a_total_only_shares(shipped: tuple[Agreement, GemeentenFile]) -> None:
    agreement, gemeenten = shipped
    report = compute_budget(agreement, gemeenten, year=None, total=None)
    assert report.source == "none"
    assert report.total is None
    assert report.sum_amount is None
    assert all(row.amount is None for row in report.rows)
    assert sum(row.share for row in report.rows) == Decimal("1.000000")
    # The shipped data has no amounts: a year in the term gives no total either.
    report = compute_budget(agreement, gemeenten, year=2023, total=None)
    assert (report.year, report.source, report.total) == (2023, "none", None)


def test_zero_total(shipped: tuple[Agreement, GemeentenFile]) -> None:
    agreement, gemeenten = shipped
    report = compute_budget(agreement, gemeenten, year=None, total=Decimal("0"))
    assert report.total == report.sum_amount == Decimal("0.00")
    assert {row.amount for row in report.rows} == {Decimal("0.00")}


def test_amount_from_the_data_for_the_year(shipped: tuple[Agreement, GemeentenFile]) -> None:
    agreement, gemeenten = shipped
    agreement = with_amounts(agreement, {2023: Decimal("100000.00")})
    report = compute_budget(agreement, gemeenten, year=2023, total=None)
    assert (report.source, report.year, report.total) == ("data", 2023, Decimal("100000.00"))
    assert report.sum_amount == Decimal("100000.00")
    assert sum(row.amount or 0 for row in report.rows) == Decimal("100000.00")
    # A year without an amount: no total.
    report = compute_budget(agreement, gemeenten, year=2024, total=None)
    assert (report.source, report.total) == ("none", None)
    # No year: no amount is picked implicitly.
    report = compute_budget(agreement, gemeenten, year=None, total=None)
    assert (report.source, report.total) == ("none", None)
    # A what-if total wins over the data.
    report = compute_budget(agreement, gemeenten, year=2023, total=Decimal("10"))
    assert (report.source, report.year, report.total) == ("what-if", 2023, Decimal("10.00"))


def test_only_participating_municipalities(shipped: tuple[Agreement, GemeentenFile]) -> None:
    agreement, gemeenten = shipped
    file = changed(
        gemeenten,
        nijmegen={"participates": False},
        arnhem={"participates": False, "inhabitants": {}},
    )
    report = compute_budget(agreement, file, year=None, total=Decimal("250000"))
    slugs = {row.slug for row in report.rows}
    assert len(slugs) == 16
    assert not slugs & {"nijmegen", "arnhem"}
    assert report.sum_amount == Decimal("250000.00")
    assert sum(row.share for row in report.rows) == Decimal("1.000000")
    assert sum(row.percent for row in report.rows) == Decimal("100.00")
    inhabitants = 819_528 - 189_871 - 171_822
    rows = {row.slug: row for row in report.rows}
    exact = Fraction(250_000 * 1837, inhabitants)
    assert abs(Fraction(rows["rozendaal"].amount or 0) - exact) < Fraction(1, 100)


# --- errors --------------------------------------------------------------------


def test_participant_without_inhabitants_is_refused(
    shipped: tuple[Agreement, GemeentenFile],
) -> None:
    agreement, gemeenten = shipped
    file = changed(gemeenten, arnhem={"inhabitants": {}})
    with pytest.raises(RefusedError) as caught:
        compute_budget(agreement, file, year=None, total=None)
    assert str(caught.value) == (
        "cannot compute budget shares: Arnhem takes part in the opgave "
        "but has no inhabitants at 2026-01-01 in gemeenten.yaml"
    )
    assert caught.value.exit_code == 1


def test_participants_without_inhabitants_are_all_named(
    shipped: tuple[Agreement, GemeentenFile],
) -> None:
    agreement, gemeenten = shipped
    file = changed(gemeenten, arnhem={"inhabitants": {}}, duiven={"inhabitants": {}})
    with pytest.raises(RefusedError) as caught:
        compute_budget(agreement, file, year=None, total=Decimal("1"))
    assert str(caught.value) == (
        "cannot compute budget shares: Arnhem, Duiven take part in the opgave "
        "but have no inhabitants at 2026-01-01 in gemeenten.yaml"
    )
    assert caught.value.exit_code == 1


def test_no_participants_is_refused(shipped: tuple[Agreement, GemeentenFile]) -> None:
    agreement, gemeenten = shipped
    file = with_gemeenten(
        gemeenten, [g.model_copy(update={"participates": False}) for g in gemeenten.gemeenten]
    )
    with pytest.raises(RefusedError) as caught:
        compute_budget(agreement, file, year=None, total=None)
    assert str(caught.value) == (
        "cannot compute budget shares: no municipality in gemeenten.yaml takes part "
        "in the opgave (participates: true)"
    )
    assert caught.value.exit_code == 1


@pytest.mark.parametrize("year", [2022, 2025, 2030])
@pytest.mark.parametrize("total", [None, Decimal("1000")])
def test_year_outside_the_term(
    shipped: tuple[Agreement, GemeentenFile], year: int, total: Decimal | None
) -> None:
    agreement, gemeenten = shipped
    with pytest.raises(UsageError) as caught:
        compute_budget(agreement, gemeenten, year=year, total=total)
    assert str(caught.value) == f"year {year} is outside the term (2023-2024)"
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("total", "message"),
    [
        (Decimal("-1"), "--total: must not be negative, got '-1'"),
        (Decimal("0.001"), "--total: at most two decimals (whole cents), got '0.001'"),
        (Decimal("NaN"), "--total: expected an amount in euro, e.g. \"250000.00\", got 'NaN'"),
        (
            Decimal("Infinity"),
            "--total: expected an amount in euro, e.g. \"250000.00\", got 'Infinity'",
        ),
        (
            Decimal("1000000000000.01"),
            "--total: more than the largest amount allowed, € 1.000.000.000.000,00, "
            "got '1000000000000.01'",
        ),
    ],
)
def test_invalid_total(
    shipped: tuple[Agreement, GemeentenFile], total: Decimal, message: str
) -> None:
    agreement, gemeenten = shipped
    with pytest.raises(UsageError) as caught:
        compute_budget(agreement, gemeenten, year=None, total=total)
    assert describe(caught.value) == message
    assert caught.value.exit_code == 2


def test_total_with_trailing_zeros_or_exponent_is_fine(
    shipped: tuple[Agreement, GemeentenFile],
) -> None:
    agreement, gemeenten = shipped
    for total in (Decimal("250000.000"), Decimal("2.5E+5")):
        report = compute_budget(agreement, gemeenten, year=None, total=total)
        assert str(report.total) == "250000.00"


# --- parse_total ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("250000", "250000.00"),
        ("250000.5", "250000.50"),
        ("250000.00", "250000.00"),
        ("0", "0.00"),
        ("0.01", "0.01"),
        ("0.17", "0.17"),
        ("007", "7.00"),
        (" 12.30 ", "12.30"),
        ("1000000000000", "1000000000000.00"),
    ],
)
def test_parse_total(text: str, expected: str) -> None:
    parsed = parse_amount(text, "total")
    assert str(parsed) == expected


GENERIC = '--total: expected an amount in euro, e.g. "250000.00", got '
SEPARATORS = '--total: write the amount without thousands separators, e.g. "250000.00", got '
DECIMALS = "--total: at most two decimals (whole cents), got "


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", GENERIC + "'abc'"),
        ("", GENERIC + "''"),
        ("NaN", GENERIC + "'NaN'"),
        ("Infinity", GENERIC + "'Infinity'"),
        ("1e5", GENERIC + "'1e5'"),
        ("+5", GENERIC + "'+5'"),
        (".5", GENERIC + "'.5'"),
        ("5.", GENERIC + "'5.'"),
        ("€ 5", GENERIC + "'€ 5'"),
        ("٣", GENERIC + "'٣'"),
        # A decimal comma is understood on the command line (test_dutch_habits.py), but not
        # three decimals after it, nor a point of thousands without one (250.000 below).
        ("250000,001", GENERIC + "'250000,001'"),
        ("250_000", SEPARATORS + "'250_000'"),
        ("1,234.56", SEPARATORS + "'1,234.56'"),
        ("-5", "--total: must not be negative, got '-5'"),
        ("-0.50", "--total: must not be negative, got '-0.50'"),
        ("1.2345", DECIMALS + "'1.2345'"),
        # Thousands or decimals? Asked (test_dutch_habits.py has the words).
        (
            "1.000",
            "--total: '1.000' can be read two ways: write 1000 or 1.000,00 for "
            "€ 1.000,00, or 1.00 for € 1,00",
        ),
        (
            "250.000",
            "--total: '250.000' can be read two ways: write 250000 or 250.000,00 "
            "for € 250.000,00, or 250.00 for € 250,00",
        ),
        ("1.0000", DECIMALS + "'1.0000'"),
        (
            "1000000000000.01",
            "--total: more than the largest amount allowed, € 1.000.000.000.000,00, "
            "got '1000000000000.01'",
        ),
    ],
)
def test_parse_total_rejects(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_amount(text, "total")
    assert describe(caught.value) == message
    assert caught.value.exit_code == 2


# --- formatting ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0", "€ 0,00"),
        ("0.01", "€ 0,01"),
        ("0.5", "€ 0,50"),
        ("999.99", "€ 999,99"),
        ("1000", "€ 1.000,00"),
        ("1234.5", "€ 1.234,50"),
        ("1234567.89", "€ 1.234.567,89"),
        ("250000.00", "€ 250.000,00"),
        ("2.5E+5", "€ 250.000,00"),
    ],
)
def test_format_euro(amount: str, expected: str) -> None:
    assert format_euro(Decimal(amount)) == expected


@pytest.mark.parametrize(
    ("percent", "expected"),
    [("22.02", "22,02 %"), ("100.00", "100,00 %"), ("0.2", "0,20 %"), ("5", "5,00 %")],
)
def test_format_percent(percent: str, expected: str) -> None:
    assert format_percent(Decimal(percent)) == expected


@settings(max_examples=200, deadline=None)
@given(cents=st.integers(0, 10**14))
def test_parse_and_format_round_trip(cents: int) -> None:
    text = f"{cents // 100}.{cents % 100:02d}"
    parsed = parse_amount(text, "total")
    assert parsed * 100 == cents
    shown = format_euro(parsed)
    assert shown.startswith("€ ")
    assert shown[2:].replace(".", "").replace(",", ".") == text


# --- compute_budget: properties ------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    inhabitants=st.lists(
        st.tuples(st.integers(1, 10**7), st.booleans()), min_size=1, max_size=18
    ).filter(lambda items: any(takes_part for _, takes_part in items)),
    cents=st.one_of(st.sampled_from([0, 1, 17]), st.integers(0, 10**12)),
    sort=st.sampled_from(["share", "name"]),
)
def test_compute_budget_adds_up_exactly(
    shipped: tuple[Agreement, GemeentenFile],
    inhabitants: list[tuple[int, bool]],
    cents: int,
    sort: str,
) -> None:
    agreement, gemeenten = shipped
    file = with_gemeenten(
        gemeenten,
        [
            g.model_copy(
                update={"inhabitants": {date(2026, 1, 1): count}, "participates": takes_part}
            )
            for g, (count, takes_part) in zip(gemeenten.gemeenten, inhabitants, strict=False)
        ],
    )
    total = Decimal(cents).scaleb(-2)
    report = compute_budget(
        agreement, file, year=None, total=total, sort="name" if sort == "name" else "share"
    )
    whole = sum(count for count, takes_part in inhabitants if takes_part)
    assert len(report.rows) == sum(takes_part for _, takes_part in inhabitants)
    assert report.sum_amount == report.total == total
    assert sum(Fraction(row.amount or 0) for row in report.rows) == Fraction(cents, 100)
    assert sum(row.share for row in report.rows) == Decimal("1.000000")
    assert sum(row.percent for row in report.rows) == Decimal("100.00")
    for row in report.rows:
        exact = Fraction(row.inhabitants, whole)
        assert abs(Fraction(row.amount or 0) * 100 - exact * cents) < 1
        assert abs(Fraction(row.share) - exact) < Fraction(1, 10**6)
        assert abs(Fraction(row.percent) - 100 * exact) < Fraction(1, 100)
