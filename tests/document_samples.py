"""Two realistic Documents for the writers' tests: a one-page contribution notice to a
college van burgemeester en wethouders, and a long agreement with a 19-row table and
19 signature blocks. The figures are made up from real inhabitant counts."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_FLOOR, Decimal

from opgave_cli.output.document import (
    Address,
    Block,
    BulletList,
    Cell,
    Document,
    Fields,
    Heading,
    NumberedList,
    PageBreak,
    Paragraph,
    Signature,
    Table,
)
from opgave_cli.text import format_count, format_euro, format_percent

# Inhabitants at 1 January 2023 (CBS), in the order of the signature blocks.
INHABITANTS = {
    "Arnhem": 165770, "Berg en Dal": 35420, "Beuningen": 26573, "Doesburg": 11081,
    "Druten": 19505, "Duiven": 24937, "Heumen": 16824, "Lingewaard": 47220,
    "Montferland": 36882, "Mook en Middelaar": 8043, "Nijmegen": 182480,
    "Overbetuwe": 48707, "Renkum": 31461, "Rheden": 43570, "Rozendaal": 1754,
    "Westervoort": 15114, "Wijchen": 41537, "Zevenaar": 45042,
}  # fmt: skip
TOTAL = Decimal("250000.00")
SUM = sum(INHABITANTS.values())
CENT = Decimal("0.01")
SPECIAL = "€ëéïüóÇĳ–“”…•"  # every one of these appears in the long document
FOOTER = "Groene Metropoolregio Arnhem-Nijmegen – Postbus 1355 – 6501 BJ Nijmegen"


def _dues() -> dict[str, Decimal]:
    """Each municipality's share of TOTAL in cents, the remainders to the largest
    fractions (so that the amounts add up to TOTAL)."""
    exact = {n: TOTAL * c / SUM / CENT for n, c in INHABITANTS.items()}
    cents = {n: v.to_integral_value(ROUND_FLOOR) for n, v in exact.items()}
    short = int(TOTAL / CENT - sum(cents.values()))
    for n in sorted(exact, key=lambda n: exact[n] - cents[n], reverse=True)[:short]:
        cents[n] += 1
    return {n: c * CENT for n, c in cents.items()}


DUE = _dues()


def due(name: str) -> Decimal:
    return DUE[name]


def share(name: str) -> Decimal:
    return Decimal(100) * INHABITANTS[name] / SUM


def notice(name: str = "Berg en Dal") -> Document:
    amount = format_euro(due(name))
    return Document(
        title="Bijdrage 2024 aan de opgave Productieve regio",
        lang="nl",
        date=date(2024, 3, 15),
        footer=FOOTER,
        blocks=(
            Address(
                (
                    "Aan het college van burgemeester en wethouders",
                    f"van de gemeente {name}",
                    "Postbus 20",
                    "6570 AA  Groesbeek",
                )
            ),
            Fields((("Datum", "15 maart 2024"), ("Ons kenmerk", "GMR/PR/2024-02"))),
            Paragraph("Geacht college,"),
            Paragraph(
                "Op grond van artikel 3 van de Opgaveovereenkomst Productieve regio 2023 – 2024 "
                "draagt uw gemeente bij aan de opgave. Uw bijdrage over 2024 is uw aandeel in "
                "het inwonertal van de 18 deelnemende gemeenten op 1 januari 2023, toegepast "
                f"op het bedrag van {format_euro(TOTAL)} uit de vastgestelde begroting 2024."
            ),
            Table(
                head=("Berekening", "Bedrag"),
                rows=(
                    ("Bedrag opgave Productieve regio 2024", format_euro(TOTAL)),
                    (f"Inwoners van {name} op 1 januari 2023", format_count(INHABITANTS[name])),
                    ("Inwoners van de 18 gemeenten op 1 januari 2023", format_count(SUM)),
                    (f"Aandeel van {name}", format_percent(share(name))),
                ),
                foot=("Uw bijdrage over 2024", amount),
                numeric=frozenset({1}),
                caption="Berekening van uw bijdrage",
                id="berekening",
            ),
            Paragraph(
                f"Wij verzoeken u {amount} vóór 15 april 2024 over te maken, onder vermelding "
                "van het betalingskenmerk:"
            ),
            Fields(
                (
                    ("Bedrag", amount),
                    ("IBAN", "NL91 BNGH 0285 1710 48"),
                    ("Ten name van", "Groene Metropoolregio Arnhem-Nijmegen"),
                    ("Betalingskenmerk", "RF18 5390 0754 7034"),
                    ("Uiterste betaaldatum", "15 april 2024"),
                )
            ),
            Paragraph(
                "Hebt u vragen over deze bijdrage? Neem dan contact op met het team Financiën "
                "van de Groene Metropoolregio, telefoon 024 329 72 00."
            ),
            Paragraph("Met vriendelijke groet,"),
            Paragraph("namens het dagelijks bestuur van de Groene Metropoolregio Arnhem-Nijmegen,"),
            Paragraph("drs. A. Schmidt-Çelik, secretaris"),
        ),
    )


OVERWEGINGEN = (
    "De regio staat voor grote maatschappelijke opgaven: op het gebied van verstedelijking, "
    "wonen, werk en bereikbaarheid, en nieuwe opgaven op het gebied van klimaatadaptatie, "
    "duurzaamheid, energietransitie, circulariteit en gezondheid.",
    "De 18 regiogemeenten hebben op 1 januari 2021 de Gemeenschappelijke regeling Regio "
    "Arnhem-Nijmegen vastgesteld, ook wel de Groene Metropoolregio Arnhem-Nijmegen;",
    "dé circulaire topregio worden in Nederland en van Europa, in alle facetten van de "
    "leefomgeving, en hét voorbeeld zijn voor een kwalitatieve groei;",
    "We delen de urgentie om zo snel mogelijk met volle kracht stevige voortgang te boeken "
    "op de realisatie van de opgaven in de regionale agenda.",
)
GOAL = (
    "Onze regio kent veel innovatiekracht en de vestigingskwaliteit van onze werklocaties "
    "scoort boven het landelijk gemiddelde. Tegelijkertijd zien we als opgave om de "
    "kwaliteiten van onze regio steviger te profileren en de economische potenties beter te "
    "benutten. We versterken onze inzet op innovatiekracht in de clusters Health, Hightech & "
    "Energy, de cross-over met Food en logistiek als onlosmakelijke voorwaarde.",
    "Voor de langere termijn zetten we in op behoud en aantrekken van (nieuwe) bedrijvigheid "
    "in de regio. We verbinden lokale bedrijven, instellingen en activiteiten aan de "
    "topsectoren en bieden ondersteuning bij het uitwerken van ideeën tot concrete projecten, "
    "ook over de grens met de regio Düsseldorf en met geïnteresseerde partners als "
    "Rĳkswaterstaat en de provincie Gelderland.",
)
SPEERPUNTEN = {
    "i. Stimuleren ondernemerschap MKB": (
        "inzichtelijk maken van financiële steunmogelijkheden tot € 1.000.000,00, ontsluiten "
        "die door communicatiecampagnes en bouwen aan kennis- en investeringsnetwerken.",
        "organiseren met partners van ontmoetingsmomenten voor ondernemers voor netwerken, "
        "innovaties en kennisdelen.",
        "scheppen van voorwaarden voor MKB-ers om een stap te maken in verdere digitalisering "
        "en toekomstbestendigheid.",
    ),
    "ii. Human Capital": (
        "borgen van de afspraken uit de Human Capital Agenda en het Human Capital Akkoord.",
        "zorgen voor een aantrekkelijke regio om talent te behouden.",
        "verbinding leggen tussen lokale en regionale projecten en de Investeringsagenda.",
    ),
    "iii. Doorontwikkeling van Health, Hightech & Energy tot (inter)nationale clusters": (
        "deelnemen aan regionale, nationale en Europese netwerken.",
        "bijdragen aan de (inter)nationale zichtbaarheid met lobby en profilering.",
    ),
    "iv. Toekomstbestendige werklocaties": (
        "adviseren over de verdeling van nog beschikbare ontwikkelruimte voor "
        "bedrijventerreinen in de regio.",
        "voorbereiden van een nieuw RPW met een horizon tot 2040.",
        "Uitvoering geven aan het plan van aanpak “vergroening van bestaande werklocaties”.",
    ),
}
SIGNED = {
    "Arnhem": ("1 februari 2023", "A. Marcouch"),
    "Renkum": ("2 februari 2023", "A. Schmidt-Çelik"),
}
DOTS = "Ondertekend op……….., te………"


def contribution_table() -> Table:
    rows = tuple(
        (n, format_count(c), format_percent(share(n)), format_euro(due(n)))
        for n, c in INHABITANTS.items()
    )
    total = sum(DUE.values(), Decimal(0))
    return Table(
        head=("Gemeente", "Inwoners op 1 januari 2023", "Aandeel", "Bijdrage 2024"),
        rows=rows,
        foot=("Totaal", format_count(SUM), format_percent(Decimal(100)), format_euro(total)),
        numeric=frozenset({1, 2, 3}),
        caption="Tabel 1 – Bijdrage per gemeente naar rato van het inwonertal",
        id="bijdragen",
    )


def status_table() -> Table:
    def row(name: str) -> tuple[Cell | str, ...]:
        if name in SIGNED:
            when, who = SIGNED[name]
            return (name, Cell("ondertekend", "ok"), when, who)
        return (name, Cell("niet ondertekend", "warn"), "", "")

    gmr = ("Groene Metropoolregio", Cell("tekent als laatste", "muted"), "", "")
    return Table(
        head=("Partij", "Status", "Datum", "Ondertekend door"),
        rows=(*(row(n) for n in INHABITANTS), gmr),
        caption="Tabel 2 – Stand van de ondertekening op 15 maart 2024",
        id="ondertekening",
    )


def signatures() -> list[Signature]:
    out = []
    for name in INHABITANTS:
        when, who = SIGNED.get(name, (None, None))
        first = f"Ondertekend op {when}, te {name}" if when else DOTS
        party = f"De gemeente {name}, rechtsgeldig vertegenwoordigd door of namens de burgemeester,"
        out.append(Signature((first, party), signer=who))
    gmr = (
        "De Groene Metropoolregio Arnhem-Nijmegen, rechtsgeldig vertegenwoordigd door de "
        "voorzitter van het dagelijks bestuur, handelend ter uitvoering van het besluit van "
        "het dagelijks bestuur d.d"
    )
    out.append(Signature((DOTS, gmr)))
    return out


def agreement() -> Document:
    blocks: list[Block] = [
        Heading("Bestuurlijke overwegingen"),
        BulletList(OVERWEGINGEN),
        Heading("Afspraken"),
        Paragraph(
            "Ondergetekenden nemen deel aan de opgave “Productieve regio” en maken hiertoe met "
            "de Groene Metropoolregio, verder te noemen GMR, de volgende afspraken.",
            emphasis=True,
        ),
        Heading("1. Doel van de opgave"),
        *(Paragraph(p) for p in GOAL),
        Heading("2. Resultaten van de opgave"),
        Paragraph(
            "De GMR voert ten behoeve van de regio de opgave Productieve regio uit zoals "
            "omschreven in de regionale agenda, met de volgende activiteiten:"
        ),
    ]
    for heading, items in SPEERPUNTEN.items():
        blocks += [Heading(heading, 3), NumberedList(items)]
    blocks += [
        Heading("3. Bijdrage"),
        Paragraph(
            "De gemeente draagt gedurende de looptijd van deze overeenkomst bij aan de opgave "
            f"conform de begroting. Over 2024 is dat in totaal {format_euro(TOTAL)}, verdeeld "
            "naar het inwonertal op 1 januari 2023 (tabel 1); de bijdrage wordt dóór de GMR "
            "geïnd."
        ),
        contribution_table(),
        Heading("4. Overig"),
        NumberedList(
            (
                "Deze opgave heeft een looptijd tot en met 31 december 2024.",
                "De afspraken in dit document fungeren als opgaveovereenkomst zoals bedoeld in "
                "artikel 27, lid 1 van de Regeling.",
                "De verantwoording volgt in het “Jaarverslag 2024” – uiterlijk op 1 juli 2025 – "
                "en in de jaarrekening van de GMR.",
            ),
            start=1,
        ),
        status_table(),
        PageBreak(),
        Heading("Ondertekening"),
        *signatures(),
    ]
    return Document(
        title="Opgaveovereenkomst Productieve regio 2023 – 2024",
        subtitle="De 18 regiogemeenten en de Groene Metropoolregio Arnhem-Nijmegen",
        lang="nl",
        footer="Opgaveovereenkomst Productieve regio 2023 – 2024 – ter ondertekening",
        blocks=tuple(blocks),
    )
