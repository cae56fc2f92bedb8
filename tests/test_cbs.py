"""The CBS reader against the recorded excerpt of table 03759ned and a local HTTP server.

The expected counts are the table in tests/data/cbs/README.md, copied from CBS
StatLine by hand, not computed by the code under test. No test reaches the
internet: pytest-socket (see pyproject.toml) blocks every non-loopback address.
"""

from __future__ import annotations

import contextlib
import copy
import json
import socket
import threading
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import pytest_socket
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from opgave_cli import __version__
from opgave_cli.domain.counts import AVERAGE, POPULATION, CbsError, Observations, select
from opgave_cli.errors import OpgaveError, UsageError
from opgave_cli.sources.cbs import (
    observations_filter,
    parse_observations,
    parse_periods,
    parse_properties,
)
from opgave_cli.sources.cbs_fetch import fetch

DATA = Path(__file__).resolve().parent / "data" / "cbs"
EXCERPT = (DATA / "observations-excerpt.json").read_bytes()
PROPERTIES = (DATA / "properties.json").read_bytes()
PERIODS = (DATA / "codes-Perioden.json").read_bytes()
CONTEXT = "https://datasets.cbs.nl/odata/v1/CBS/03759ned/$metadata#Observations"
SOURCE = "CBS response"

# The 18 GMR municipalities and their population on 1 January 2022..2026 (M000352).
TABLE = {
    "GM0202": ("Arnhem", 163888, 165770, 167632, 169364, 171822),
    "GM1945": ("Berg en Dal", 34951, 35420, 35474, 35558, 35700),
    "GM0209": ("Beuningen", 26235, 26573, 26725, 26749, 26868),
    "GM0221": ("Doesburg", 11036, 11081, 11079, 11125, 11173),
    "GM0225": ("Druten", 19178, 19505, 19590, 19748, 20019),
    "GM0226": ("Duiven", 24946, 24937, 24872, 24942, 24852),
    "GM0252": ("Heumen", 17175, 16824, 16836, 16861, 16978),
    "GM1705": ("Lingewaard", 46963, 47220, 47314, 47684, 47802),
    "GM1955": ("Montferland", 36359, 36882, 36873, 36996, 37014),
    "GM0944": ("Mook en Middelaar", 7989, 8043, 8153, 8102, 8192),
    "GM0268": ("Nijmegen", 179100, 182480, 187049, 189007, 189871),
    "GM1734": ("Overbetuwe", 48266, 48707, 48919, 48945, 49266),
    "GM0274": ("Renkum", 31358, 31461, 31419, 31490, 31356),
    "GM0275": ("Rheden", 43435, 43570, 43661, 43782, 43849),
    "GM0277": ("Rozendaal", 1756, 1754, 1831, 1836, 1837),
    "GM0293": ("Westervoort", 14944, 15114, 15151, 15205, 15253),
    "GM0296": ("Wijchen", 41344, 41537, 41545, 41836, 42106),
    "GM0299": ("Zevenaar", 44645, 45042, 45041, 45215, 45570),
}
GMR = {code: row[0] for code, row in TABLE.items()}
JANUARIES = [date(year, 1, 1) for year in range(2022, 2027)]
EXPECTED = {code: dict(zip(JANUARIES, row[1:], strict=True)) for code, row in TABLE.items()}
SUMS = {2022: 793568, 2023: 801920, 2024: 809164, 2025: 814445, 2026: 819528}


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """urllib would send even the requests to localhost through a proxy in the environment."""
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def excerpt() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXCERPT)
    return data


def row(region: object, period: str, value: object, measure: str = POPULATION, **more: Any) -> Any:
    """An Observations row shaped like CBS's, with the total slice unless overridden."""
    fixed = {"BurgerlijkeStaat": "T001019", "Geslacht": "T001038", "Leeftijd": "10000"}
    return {
        "Id": 1,
        "Measure": measure,
        "ValueAttribute": "None" if value is not None else "Impossible",
        "Value": value,
        "StringValue": None,
        **fixed,
        "RegioS": region,
        "Perioden": period,
        **more,
    }


def page(*rows: Any, **extra: Any) -> dict[str, Any]:
    return {"@odata.context": CONTEXT, "value": list(rows), **extra}


def refusal(error: pytest.ExceptionInfo[OpgaveError]) -> str:
    message = str(error.value)
    assert "\n" not in message and "\r" not in message
    assert error.value.exit_code == (2 if isinstance(error.value, UsageError) else 1)
    return message


# --- the recorded data -----------------------------------------------------------------


def test_the_18_counts_are_the_published_table() -> None:
    counts = select(parse_observations(EXCERPT), GMR)
    assert counts == EXPECTED
    assert {when.year: sum(c[when] for c in counts.values()) for when in JANUARIES} == SUMS


def test_text_bytes_and_parsed_json_read_the_same() -> None:
    parsed = parse_observations(excerpt())
    assert parse_observations(EXCERPT.decode()) == parse_observations(EXCERPT) == parsed
    assert parsed.counts["NL01"][date(2019, 1, 1)] == 17282163  # the average is 17344874
    assert parsed.counts["PV25"][date(2026, 1, 1)] == 2173349  # the 2026 average is null


def test_dates_none_means_every_1_january_from_2022_on() -> None:
    observations = parse_observations(EXCERPT)
    assert list(select(observations, {"GM0202": "Arnhem"})["GM0202"]) == JANUARIES
    earlier = select(observations, {"GM0202": "Arnhem"}, since=date(2019, 1, 1))
    assert earlier["GM0202"][date(2019, 1, 1)] == 159265
    asked = select(observations, GMR, [date(2024, 1, 1), date(2022, 1, 1)])
    assert asked == {code: {d: EXPECTED[code][d] for d in JANUARIES[:3:2]} for code in GMR}


def test_the_excerpt_is_the_capture_unchanged() -> None:
    data = excerpt()
    assert data["@odata.context"] == CONTEXT and list(data) == ["@odata.context", "value"]
    regions = {r["RegioS"] for r in data["value"]}
    assert regions == {*GMR, "NL01", "PV25", "GM0363", "GM0501", "GM0997"}
    assert len(data["value"]) == 23 * 2 * 8  # regions x measures x years 2019..2026
    ids = [r["Id"] for r in data["value"]]
    assert ids == sorted(ids)  # the capture's order
    assert json.dumps(data, indent=1, ensure_ascii=False) + "\n" == EXCERPT.decode()


ROWS = excerpt()["value"]


@settings(max_examples=30, deadline=None)
@given(st.permutations(ROWS))
def test_the_average_is_never_taken_whatever_the_order(rows: list[Any]) -> None:
    assert select(parse_observations(page(*rows)), GMR) == EXPECTED


def test_without_its_m000352_row_a_count_is_missing_not_the_average() -> None:
    rows = [
        r
        for r in ROWS
        if (r["RegioS"], r["Perioden"], r["Measure"]) != ("GM0268", "2024JJ00", POPULATION)
    ]
    observations = parse_observations(page(*rows))
    with pytest.raises(CbsError) as error:
        select(observations, GMR)
    assert refusal(error) == (
        "CBS response: Nijmegen (GM0268), 1 January 2024: no count of M000352 in the data"
    )


def test_only_the_average_is_no_population() -> None:
    with pytest.raises(CbsError) as error:
        parse_observations(page(*(r for r in ROWS if r["Measure"] == AVERAGE)))
    assert refusal(error) == "CBS response: no rows of measure M000352 (Bevolking op 1 januari)"


def test_slices_other_than_the_totals_are_never_mixed_in() -> None:
    men = row("GM0202", "2022JJ00", 80000, Geslacht="3000")
    young = row("GM0202", "2022JJ00", 30000, Leeftijd="70100")
    married = row("GM0202", "2022JJ00", 60000, BurgerlijkeStaat="1010")
    observations = parse_observations(page(men, young, *ROWS, married))
    assert select(observations, GMR) == EXPECTED
    with pytest.raises(CbsError) as error:
        parse_observations(page(men, young, married))
    assert refusal(error) == (
        "CBS response: no M000352 rows for the total population on a 1 January"
    )


def test_absent_dimensions_quarters_months_and_padded_codes() -> None:
    bare = {"Measure": POPULATION, "Value": 163888, "RegioS": "GM0202  ", "Perioden": "2022JJ00"}
    rows = [
        bare,
        row("GM0202", "2022KW01", 1),
        row("GM0202", "2022MM01", 2),
        row("GM0202", "2022X000", 3),
    ]
    observations = parse_observations(page(*rows))
    assert observations == Observations(SOURCE, {"GM0202": {date(2022, 1, 1): 163888}})


BAD_VALUES = [
    (None, "the count is null (ValueAttribute 'Impossible')"),
    (17533043.5, "the count is not a whole number (17533043.5)"),
    (163888.0, "the count is a decimal number, not an integer (163888.0)"),
    (True, "the count is not a number (true)"),
    ("163888", 'the count is not a number ("163888")'),
    ([163888], "the count is not a number ([163888])"),
    (-5, "the count is negative (-5)"),
]


@pytest.mark.parametrize(("value", "reason"), BAD_VALUES, ids=[r for _, r in BAD_VALUES])
def test_a_value_that_is_no_count_is_refused_only_when_asked_for(
    value: object, reason: str
) -> None:
    real = [r for r in ROWS if (r["RegioS"], r["Perioden"]) != ("GM0202", "2021JJ00")]
    observations = parse_observations(page(row("GM0202", "2021JJ00", value), *real))
    assert select(observations, GMR) == EXPECTED  # 2021 is not asked for
    with pytest.raises(CbsError) as error:
        select(observations, GMR, [date(2021, 1, 1)])
    assert refusal(error) == f"CBS response: Arnhem (GM0202), 1 January 2021: {reason}"


def test_null_rows_of_the_capture() -> None:
    observations = parse_observations(EXCERPT)
    with pytest.raises(CbsError) as error:
        select(observations, {"GM0501": "Brielle"})  # merged into Voorne aan Zee in 2023
    assert refusal(error) == (
        "CBS response: Brielle (GM0501), 1 January 2023:"
        " the count is null (ValueAttribute 'Impossible')"
    )
    assert select(observations, {"GM0501": "Brielle"}, [date(2022, 1, 1)]) == {
        "GM0501": {date(2022, 1, 1): 17704}
    }
    with pytest.raises(CbsError) as error:
        select(observations, {"GM0997": "Centraal persoonsregister"}, JANUARIES)
    assert refusal(error) == (
        "CBS response: Centraal persoonsregister (GM0997), 1 January 2022:"
        " the count is null (ValueAttribute 'Impossible')"
    )


def test_a_missing_municipality_or_year() -> None:
    observations = parse_observations(EXCERPT)
    with pytest.raises(CbsError) as error:
        select(observations, {**GMR, "GM9999": "Nergenshuizen"})
    assert refusal(error) == (
        "CBS response: Nergenshuizen (GM9999), 1 January 2022: no count of M000352 in the data"
    )
    with pytest.raises(CbsError) as error:
        select(observations, {"GM0202": "Arnhem"}, [date(2027, 1, 1)])
    assert refusal(error) == (
        "CBS response: Arnhem (GM0202), 1 January 2027: no count of M000352 in the data"
    )
    with pytest.raises(CbsError) as error:
        select(observations, {"GM0202": "Arnhem"}, since=date(2027, 1, 1))
    assert refusal(error) == "CBS response: no counts from 1 January 2027 on for GM0202"
    assert select(observations, {}) == {}


def test_the_same_count_twice() -> None:
    key = ("GM0209", "2024JJ00", POPULATION)
    again = copy.deepcopy(
        next(r for r in ROWS if (r["RegioS"], r["Perioden"], r["Measure"]) == key)
    )
    assert again["Value"] == 26725
    assert select(parse_observations(page(*ROWS, again)), GMR) == EXPECTED  # the same: fine
    with pytest.raises(CbsError) as error:
        parse_observations(page(*ROWS, row("GM0209", "2024JJ00", 26726)))
    assert refusal(error) == (
        "CBS response: GM0209 on 1 January 2024 has two different M000352 values (26725 and 26726)"
    )
    with pytest.raises(CbsError) as error:
        parse_observations(page(row("GM0209 ", "2024JJ00", None), row("GM0209", "2024JJ00", 1)))
    assert refusal(error) == (
        "CBS response: GM0209 on 1 January 2024 has two different M000352 values (null and 1)"
    )


@pytest.mark.parametrize(
    "when", [date(2024, 3, 1), date(2024, 12, 31), datetime(2024, 1, 1, 0, 0)], ids=str
)
def test_a_date_that_is_not_1_january(when: date) -> None:
    with pytest.raises(UsageError) as error:
        select(parse_observations(EXCERPT), GMR, [date(2023, 1, 1), when])
    assert refusal(error) == f"{when} is not a 1 January: CBS counts the population on 1 January"


SHAPES: list[tuple[object, str]] = [
    (b"", "the response is not JSON (Expecting value: line 1 column 1 (char 0))"),
    (
        b"\xff{}",
        "the response is not JSON ('utf-8' codec can't decode byte 0xff in position 0:"
        " invalid start byte)",
    ),
    ("[]", "not an OData Observations response (the JSON is not an object: [])"),
    ("null", "not an OData Observations response (the JSON is not an object: null)"),
    ({}, "not an OData Observations response (no 'value' list)"),
    ({"value": {"a": 1}}, "not an OData Observations response (no 'value' list)"),
    ({"value": [5]}, "not an OData Observations response (row 0 is not an object: 5)"),
    (
        page(row("GM0202", "2022JJ00", 1), {"Measure": POPULATION, "Value": 1, "RegioS": "GM0202"}),
        "not an OData Observations response (row 1 has no 'Perioden')",
    ),
    (
        page({"RegioS": "GM0202", "Perioden": "2022JJ00", "Value": 1}),
        "not an OData Observations response (row 0 has no 'Measure')",
    ),
    (
        page({"Measure": POPULATION, "RegioS": "GM0202", "Perioden": "2022JJ00"}),
        "not an OData Observations response (row 0 has no 'Value')",
    ),
    (
        page(row(202, "2022JJ00", 1)),
        "not an OData Observations response (row 0: Measure, RegioS or Perioden not text)",
    ),
    (
        {**page(row("GM0202", "2022JJ00", 1)), "@odata.context": CONTEXT[:-12] + "MeasureCodes"},
        "not an OData Observations response (@odata.context names 'MeasureCodes')",
    ),
    (PROPERTIES, "not an OData Observations response (@odata.context names 'Properties')"),
    (PERIODS, "not an OData Observations response (@odata.context names 'PeriodenCodes')"),
    (page(), "no rows of measure M000352 (Bevolking op 1 januari)"),
    (
        page(row("GM0202", "2022KW01", 1), row("GM0202", "2022MM01", 1)),
        "no M000352 rows for the total population on a 1 January",
    ),
]


@pytest.mark.parametrize(("payload", "message"), SHAPES, ids=[m for _, m in SHAPES])
def test_not_an_observations_response(payload: object, message: str) -> None:
    with pytest.raises(CbsError) as error:
        parse_observations(payload)
    assert refusal(error) == f"{SOURCE}: {message}"


def test_a_context_with_a_select_is_still_observations() -> None:
    data = {**page(row("GM0202", "2022JJ00", 1)), "@odata.context": CONTEXT + "(Measure,Value)"}
    assert parse_observations(data).counts == {"GM0202": {date(2022, 1, 1): 1}}


# --- metadata ---------------------------------------------------------------------------


def test_properties() -> None:
    info = parse_properties(PROPERTIES)
    cest = timezone(timedelta(hours=2))
    assert (info.identifier, info.title, info.version) == (
        "03759ned",
        "Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
        "202606230000",
    )
    assert info.modified == info.release_date == datetime(2026, 6, 23, tzinfo=cest)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"Version": None}, "not an OData Properties response (no Version text)"),
        ({"Title": " "}, "not an OData Properties response (no Title text)"),
        ({"Modified": "gisteren"}, 'Modified is not a date and time ("gisteren")'),
        ({"ReleaseDate": 2026}, "ReleaseDate is not a date and time (2026)"),
        (
            {"@odata.context": CONTEXT},
            "not an OData Properties response (@odata.context names 'Observations')",
        ),
    ],
)
def test_properties_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(CbsError) as error:
        parse_properties({**json.loads(PROPERTIES), **change})
    assert refusal(error) == f"{SOURCE}: {message}"
    without = {
        k: v for k, v in json.loads(PROPERTIES).items() if k not in ("Modified", "ReleaseDate")
    }
    assert parse_properties(without).modified is None


def test_period_statuses() -> None:
    statuses = parse_periods(PERIODS)
    assert list(statuses) == [date(year, 1, 1) for year in range(1988, 2027)]
    assert set(statuses.values()) == {"Definitief"}
    data = {
        "value": [
            {"Identifier": "2026JJ00", "Status": "Voorlopig"},
            {"Identifier": "2026KW01", "Status": "Voorlopig"},
        ]
    }
    assert parse_periods(data) == {date(2026, 1, 1): "Voorlopig"}
    with pytest.raises(CbsError) as error:
        parse_periods({"value": [{"Identifier": "2026JJ00", "Status": None}]})
    assert refusal(error) == (
        "CBS response: not an OData PeriodenCodes response"
        " (row 0 has no Identifier and Status texts)"
    )
    with pytest.raises(CbsError) as error:
        parse_periods(EXCERPT, source="periods.json")
    assert refusal(error) == (
        "periods.json: not an OData PeriodenCodes response (@odata.context names 'Observations')"
    )


# --- fetching from a local server -------------------------------------------------------

FILTER = (
    "Measure eq 'M000352' and Geslacht eq 'T001038' and Leeftijd eq '10000'"
    " and BurgerlijkeStaat eq 'T001019' and (RegioS eq 'GM0202' or RegioS eq 'GM1945'"
    " or RegioS eq 'GM0209' or RegioS eq 'GM0221' or RegioS eq 'GM0225' or RegioS eq 'GM0226'"
    " or RegioS eq 'GM0252' or RegioS eq 'GM1705' or RegioS eq 'GM1955' or RegioS eq 'GM0944'"
    " or RegioS eq 'GM0268' or RegioS eq 'GM1734' or RegioS eq 'GM0274' or RegioS eq 'GM0275'"
    " or RegioS eq 'GM0277' or RegioS eq 'GM0293' or RegioS eq 'GM0296' or RegioS eq 'GM0299')"
    " and Perioden ge '2022JJ00'"
)
TABLE_PATH = "/CBS/03759ned"


def test_the_filter() -> None:
    assert observations_filter(GMR, date(2022, 1, 1)) == FILTER


def serve_table(server: HTTPServer, pages: int = 3) -> list[str]:
    """Serve properties, period codes and the excerpt in ``pages`` pages chained by
    nextLinks; return the nextLinks. The pages hold the whole excerpt, the average
    and other regions included: the reader must not rely on the server's filter."""
    server.expect_request(f"{TABLE_PATH}/Properties").respond_with_data(PROPERTIES)
    server.expect_request(f"{TABLE_PATH}/PeriodenCodes").respond_with_data(PERIODS)
    observations = server.url_for(f"{TABLE_PATH}/Observations")
    size = -(-len(ROWS) // pages)
    links = [f"{observations}?$skip={number * size}" for number in range(1, pages)]
    for number in range(pages):
        query = {"$filter": FILTER} if number == 0 else {"$skip": str(number * size)}
        rows = ROWS[number * size : (number + 1) * size]
        more = {"@odata.nextLink": links[number]} if number < pages - 1 else {}
        server.expect_request(f"{TABLE_PATH}/Observations", query_string=query).respond_with_json(
            page(*rows, **more)
        )
    return links


def test_fetch_follows_the_pages(httpserver: HTTPServer) -> None:
    links = serve_table(httpserver)
    fetched = fetch(base_url=httpserver.url_for("/CBS/"), codes=list(GMR), timeout=5)
    assert select(fetched.observations, GMR) == EXPECTED
    assert fetched.observations.source == "CBS 03759ned"
    assert fetched.table.version == "202606230000"
    assert fetched.periods[date(2026, 1, 1)] == "Definitief"
    root = httpserver.url_for(TABLE_PATH)
    first = (
        f"{root}/Observations?$filter="
        "Measure%20eq%20%27M000352%27%20and%20Geslacht%20eq%20%27T001038%27"
    )
    assert fetched.urls[:2] == (f"{root}/Properties", f"{root}/PeriodenCodes")
    assert fetched.urls[2].startswith(first)
    assert fetched.urls[3:] == tuple(links)
    requests = [request for request, _ in httpserver.log]
    assert [r.path for r in requests] == [
        f"{TABLE_PATH}/{p}"
        for p in ("Properties", "PeriodenCodes", "Observations", "Observations", "Observations")
    ]
    assert requests[2].args.to_dict() == {"$filter": FILTER}
    for request in requests:
        assert request.headers["User-Agent"] == f"opgave/{__version__}"
        assert request.headers["Accept"] == "application/json"
    httpserver.check_assertions()


def test_fetch_bounds_the_pages_and_their_size(httpserver: HTTPServer) -> None:
    serve_table(httpserver)
    base = httpserver.url_for("/CBS")
    with pytest.raises(CbsError) as error:
        fetch(base_url=base, codes=list(GMR), max_pages=2)
    first = httpserver.url_for(f"{TABLE_PATH}/Observations") + "?$filter=" + quote(FILTER, safe="")
    assert len(first) > 800  # cut in the message, which stays one readable line
    assert refusal(error) == f"{first[:159]}…: more than 2 pages of observations"
    with pytest.raises(CbsError) as error:
        fetch(base_url=base, codes=list(GMR), max_bytes=1000)
    properties = httpserver.url_for(f"{TABLE_PATH}/Properties")
    assert refusal(error) == f"{properties}: the response is larger than 1000 bytes"


def observations_page(server: HTTPServer, body: Any) -> str:
    server.expect_request(f"{TABLE_PATH}/Properties").respond_with_data(PROPERTIES)
    server.expect_request(f"{TABLE_PATH}/PeriodenCodes").respond_with_data(PERIODS)
    server.expect_request(f"{TABLE_PATH}/Observations").respond_with_json(body)
    return server.url_for(f"{TABLE_PATH}/Observations") + "?$filter="


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("http://example.org/CBS/03759ned/Observations?$skip=2", None),
        ("https://{host}/CBS/03759ned/Observations?$skip=2", None),  # another scheme
        ("http://127.0.0.1:{port}/CBS/03759ned/Observations", None),  # the server is localhost
        ("http://{host}@example.org/Observations", None),
        ("//example.org/Observations", "http://example.org/Observations"),
    ],
)
def test_a_next_link_to_another_server(httpserver: HTTPServer, link: str, target: str) -> None:
    link = link.format(host=f"{httpserver.host}:{httpserver.port}", port=httpserver.port)
    first = observations_page(httpserver, page(*ROWS[:2], **{"@odata.nextLink": link}))
    with pytest.raises(CbsError) as error:
        fetch(base_url=httpserver.url_for("/CBS"), codes=["GM0202"])
    message = refusal(error)
    assert message.startswith(first)
    assert message.endswith(f": @odata.nextLink leads to another server: {target or link}")
    assert len(httpserver.log) == 3  # properties, period codes, the first page: no more


def test_a_next_link_back_to_a_page_already_read(httpserver: HTTPServer) -> None:
    url = observations_page(httpserver, page(*ROWS[:2], **{"@odata.nextLink": "?$skip=2"}))
    url2 = url.split("?")[0] + "?$skip=2"
    with pytest.raises(CbsError) as error:
        fetch(base_url=httpserver.url_for("/CBS"), codes=["NL01"])
    assert refusal(error) == f"{url2}: @odata.nextLink goes back to {url2}"


def test_the_server_ignoring_the_filter_changes_nothing(httpserver: HTTPServer) -> None:
    observations_page(httpserver, excerpt())
    fetched = fetch(base_url=httpserver.url_for("/CBS"), codes=list(GMR))
    assert select(fetched.observations, GMR) == EXPECTED
    httpserver.clear()
    observations_page(httpserver, page(*(r for r in ROWS if r["Measure"] == AVERAGE)))
    with pytest.raises(CbsError) as error:
        fetch(base_url=httpserver.url_for("/CBS"), codes=list(GMR))
    assert refusal(error) == "CBS 03759ned: no rows of measure M000352 (Bevolking op 1 januari)"


def test_http_500(httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"{TABLE_PATH}/Properties").respond_with_data("boom", status=500)
    with pytest.raises(CbsError) as error:
        fetch(base_url=httpserver.url_for("/CBS"), codes=["GM0202"])
    url = httpserver.url_for(f"{TABLE_PATH}/Properties")
    assert refusal(error) == f"{url}: HTTP 500 INTERNAL SERVER ERROR"


def test_http_404_on_a_later_page(httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"{TABLE_PATH}/Gone").respond_with_data("", status=404)
    observations_page(httpserver, page(*ROWS[:2], **{"@odata.nextLink": "Gone"}))
    with pytest.raises(CbsError) as error:
        fetch(base_url=httpserver.url_for("/CBS"), codes=["GM0202"])
    assert refusal(error) == f"{httpserver.url_for(TABLE_PATH)}/Gone: HTTP 404 NOT FOUND"


def test_a_redirect_to_another_server(httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"{TABLE_PATH}/Properties").respond_with_data(
        "", status=302, headers={"Location": "http://example.org/CBS/03759ned/Properties"}
    )
    with pytest.raises(CbsError) as error:
        fetch(base_url=httpserver.url_for("/CBS"), codes=["GM0202"])
    url = httpserver.url_for(f"{TABLE_PATH}/Properties")
    assert refusal(error) == (
        f"{url}: HTTP 302 redirects to another server: http://example.org/CBS/03759ned/Properties"
    )


def test_a_body_that_is_not_json(httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"{TABLE_PATH}/Properties").respond_with_data(
        "<html>Onderhoud</html>", content_type="text/html"
    )
    with pytest.raises(CbsError) as error:
        fetch(base_url=httpserver.url_for("/CBS"), codes=["GM0202"])
    url = httpserver.url_for(f"{TABLE_PATH}/Properties")
    assert refusal(error) == (
        f"{url}: the response is not JSON (Expecting value: line 1 column 1 (char 0))"
    )


def test_a_timeout(httpserver: HTTPServer) -> None:
    released = threading.Event()

    def slow(request: Request) -> Response:
        released.wait(10)  # longer than the timeout; released as soon as the client gave up
        return Response(PROPERTIES)

    httpserver.expect_request(f"{TABLE_PATH}/Properties").respond_with_handler(slow)
    start = time.perf_counter()
    try:
        with pytest.raises(CbsError) as error:
            fetch(base_url=httpserver.url_for("/CBS"), codes=["GM0202"], timeout=0.2)
    finally:
        released.set()
    assert time.perf_counter() - start < 5
    url = httpserver.url_for(f"{TABLE_PATH}/Properties")
    assert refusal(error) == f"{url}: no answer within 0.2 s"


def test_connection_refused() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nobody listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(CbsError) as error:
        fetch(base_url=f"http://127.0.0.1:{port}/CBS", codes=["GM0202"])
    assert refusal(error) == f"http://127.0.0.1:{port}/CBS/03759ned/Properties: connection refused"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"codes": "GM0202"}, "codes must be a list of CBS codes, not the text 'GM0202'"),
        ({"codes": []}, "no CBS region codes to fetch"),
        (
            {"codes": ["GM0202') or (1 eq 1"]},
            '"GM0202\') or (1 eq 1" is not a CBS table id or region code',
        ),
        ({"codes": ["GM0202"], "table": "../x"}, "'../x' is not a CBS table id or region code"),
        (
            {"codes": ["GM0202"], "since": date(2022, 6, 1)},
            "2022-06-01 is not a 1 January: CBS counts the population on 1 January",
        ),
        ({"codes": ["GM0202"], "base_url": "file:///etc"}, "'file:///etc' is not an http(s) URL"),
    ],
)
def test_fetch_refuses_a_bad_request(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError) as error:
        fetch(**arguments)
    assert refusal(error) == message


def test_no_test_can_reach_the_internet() -> None:
    """pytest-socket (``--allow-hosts`` in pyproject.toml) makes it fail loudly, and
    the reader does not turn that into a polite refusal."""
    with (
        pytest.warns(UserWarning, match=r'with host "192\.0\.2\.1"'),
        pytest.raises(pytest_socket.SocketConnectBlockedError),
    ):
        fetch(base_url="http://192.0.2.1/CBS", codes=["GM0202"], timeout=1)


# --- a deadline for the whole fetch (issue #21) -----------------------------------------


def _dripping_server(behaviour: str) -> tuple[str, threading.Event, threading.Thread]:
    """A server on loopback that answers every request by ``behaviour``: one byte a
    second-fifth of an answer, headers that never end, or 100 Continue for ever."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    conn.recv(65536)
                    if behaviour == "drip":
                        body = PROPERTIES
                        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                        payload = head + body
                    elif behaviour == "headers":
                        payload = b"HTTP/1.1 200 OK\r\n" + b"X-Drip: 1\r\n" * 100_000
                    else:
                        payload = b"HTTP/1.1 100 Continue\r\n\r\n" * 100_000
                    for i in range(len(payload)):
                        if stop.is_set():
                            break
                        conn.sendall(payload[i : i + 1])
                        time.sleep(0.05)
        listener.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/CBS", stop, thread


@pytest.mark.slow
@pytest.mark.parametrize("behaviour", ["drip", "headers", "continue"])
def test_a_server_that_drips_is_stopped_by_the_deadline(behaviour: str) -> None:
    """The 30 s timeout was per socket read: a server that sends a byte now and then kept
    the fetch going for ever. Now the whole fetch has a deadline."""
    base, stop, thread = _dripping_server(behaviour)
    start = time.perf_counter()
    try:
        with pytest.raises(CbsError) as error:
            fetch(base_url=base, codes=["GM0202"], timeout=5, deadline=1.0)
    finally:
        stop.set()
        thread.join(5)
    assert time.perf_counter() - start < 3
    assert refusal(error) == "CBS did not answer in full within 1 s; nothing was written"


@pytest.mark.slow
def test_import_from_cbs_with_a_deadline_writes_nothing(run: Any, data_dir: Path) -> None:
    base, stop, thread = _dripping_server("drip")
    before = (data_dir / "gemeenten.yaml").read_bytes()
    try:
        result = run("inhabitants", "import", "--from-cbs", "--base-url", base, "--timeout", "1")
    finally:
        stop.set()
        thread.join(5)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "opgave: error: CBS did not answer in full within 1 s; nothing was written\n"
    )
    assert (data_dir / "gemeenten.yaml").read_bytes() == before


def test_the_deadline_must_be_positive(run: Any) -> None:
    result = run("inhabitants", "import", "--from-cbs", "--timeout", "0")
    assert (result.exit_code, result.stderr) == (
        2,
        "opgave: error: --timeout must be a number of seconds above 0, got 0\n",
    )
