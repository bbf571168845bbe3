"""A fictional national batch: plans made from the shipped examples and the clean Millbrook
plan (tests/fictional.py), each renamed to a real council of the gazetteer and given its own
money, ambition, sign-off and Part 2, so every roll-up figure can be worked out from the
values written here.

`write_batch(folder)` writes the files and returns the `Spec` of every plan that should be
rolled up, plus the names of the files that must fail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from tests.fictional import CLEAN_PLAN, write_benefits

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ON = dt.date(2014, 10, 20)
UNIT_COST = 1490  # the framework's p4p_unit_cost
BASELINE = [2500, 2480, 2520, 2500]  # 2014/15 quarters of every Millbrook-made plan: 10,000
CLEAN_QUARTERS = [2440, 2420, 2400, 2380]  # the clean plan's 2015/16 quarters: 9,640


@dataclass(frozen=True)
class Spec:
    """One plan of the batch and what the roll-up must make of it."""

    file: str
    code: str
    name: str  # the gazetteer's name of the area
    region: str
    category: str
    risks: dict[str, str]  # risk code → severity
    conditions: tuple[str, ...]  # condition codes its findings say are not evidenced
    minimum: dict[str, int | None]
    total: dict[str, int | None]
    contributions: dict[str, dict[str, int]] = field(default_factory=dict)
    baseline: float | None = None
    planned: float | None = None
    population: int | None = None
    signoff_gaps: int = 0
    money_flagged: bool = False
    superseded_by: str | None = None

    @property
    def avoided(self) -> float | None:
        if self.baseline is None or self.planned is None:
            return None
        return self.baseline - self.planned

    @property
    def reduction(self) -> float | None:
        if self.avoided is None or self.baseline is None:
            return None
        return round(self.avoided / self.baseline * 100, 2)


def _quarters(avoided: int) -> list[int]:
    """2015/16 quarters that avoid `avoided` admissions against BASELINE: the clean plan's
    falling quarters (avoiding 360), the difference taken more from the later quarters, so
    they still fall."""
    difference = avoided - 360
    shares = [difference // 4 + (1 if q >= 4 - difference % 4 else 0) for q in range(4)]
    return [q - share for q, share in zip(CLEAN_QUARTERS, shares, strict=True)]


def millbrook(
    official: str,
    short: str,
    *,
    avoided: int,
    minimum: int,
    total: int,
    council_share: tuple[int, int],
    signed: bool = True,
    submitted: str = "19/09/14",
    minimum_text: str | None = None,
) -> str:
    """The clean plan as `official` (council) with its own NEL ambition and money: the
    council's minimum and actual contributions are `council_share`, the CCG's the rest."""
    planned = _quarters(avoided)
    fmt = "{:,}".format
    council_min, council_actual = council_share
    lines = {
        "2015/16\t£9,000,000": f"2015/16\t{minimum_text or '£' + fmt(minimum)}",
        "2015/16\t£9,500,000": f"2015/16\t£{fmt(total)}",
        "Date submitted:\t19/09/14": f"Date submitted:\t{submitted}",
        "2,500\t2,480\t2,520\t2,500\t2,440\t2,420\t2,400\t2,380": "\t".join(
            fmt(v) for v in BASELINE + planned
        ),
        "expects 360 fewer emergency admissions in 2015/16, which is the 3.6% reduction": (
            f"expects {avoided} fewer emergency admissions in 2015/16, which is the "
            f"{avoided / 100:.2f}% reduction"
        ),
        "2015/16 Plan\t9640": f"2015/16 Plan\t{10000 - avoided}",
        "360 (3.6%)": f"{avoided} ({avoided / 100:.2f}%)",
        "Millbrook City Council\tY\t600,000\t1,000,000\t1,000,000": (
            f"Millbrook City Council\tY\t600,000\t{fmt(council_min)}\t{fmt(council_actual)}"
        ),
        "Millbrook CCG\tN\t1,500,000\t8,000,000\t8,500,000": (
            f"Millbrook CCG\tN\t1,500,000\t{fmt(minimum - council_min)}\t"
            f"{fmt(total - council_actual)}"
        ),
        "BCF Total\t\t2,100,000\t9,000,000\t9,500,000": (
            f"BCF Total\t\t2,100,000\t{fmt(minimum)}\t{fmt(total)}"
        ),
    }
    if not signed:
        lines["By\tSamuel Reid\nPosition\tChief Executive\nDate\t18/09/14"] = (
            "By\t<Name of Signatory>\nPosition\t<Job Title>\nDate\t<date>"
        )
    text = CLEAN_PLAN
    for old, new in lines.items():
        assert old in text, old
        text = text.replace(old, new)
    text = text.replace("Millbrook City Council", official).replace("Millbrook", short)
    return text


def contributions(
    minimum: int, total: int, council_share: tuple[int, int]
) -> dict[str, dict[str, int]]:
    council_min, council_actual = council_share
    return {
        "council": {
            "spending_2014_15": 600_000,
            "minimum_2015_16": council_min,
            "actual_2015_16": council_actual,
        },
        "ccg": {
            "spending_2014_15": 1_500_000,
            "minimum_2015_16": minimum - council_min,
            "actual_2015_16": total - council_actual,
        },
    }


def part2_workbook(plan: Path, target: Path, population: int, avoided: int) -> None:
    """The plan's Part 2 from `bettercare template part2 --plan`, completed as a plan lead
    would (as tests/fictional.clean_workbook), with the area's population."""
    from openpyxl import load_workbook

    from bettercare.extract import extract_file
    from bettercare.frameworks import load_framework
    from bettercare.report.part2_template import part2_template

    book = load_workbook(BytesIO(part2_template(load_framework(), extract_file(plan))))
    cover = book["1. Cover"]
    cover["B7"], cover["B8"], cover["B9"] = population, population // 6, population * 4 // 5
    spend = book["3. HWB Expenditure Plan"]
    for row, values in {
        6: ["Community health", "Joint", "Community Trust", "CCG minimum contribution", 4_000_000],
        7: ["Social care", "Local authority", "City Council", "Local authority", 800_000],
    }.items():
        for column, value in zip("CDEFG", values, strict=True):
            spend[f"{column}{row}"] = value
    write_benefits(book, avoided)
    p4p = book["5. HWB P4P metric"]
    p4p["B4"], p4p["B5"] = round(avoided / 100, 2), avoided
    supporting = book["6. HWB Supporting Metrics"]
    for row, (baseline, plan_value) in enumerate(
        [(180.0, 166.0), (80.0, 83.5), (320.0, 285.0), (60.0, 67.0), (50.0, 64.0)], start=6
    ):
        supporting[f"C{row}"], supporting[f"D{row}"] = baseline, plan_value
    book.save(target)


def _millbrook_spec(
    file: str,
    code: str,
    name: str,
    region: str,
    *,
    avoided: int,
    minimum: int,
    total: int,
    council_share: tuple[int, int],
    category: str = "Approved",
    risks: dict[str, str] | None = None,
    conditions: tuple[str, ...] = (),
    population: int | None = None,
    signoff_gaps: int = 0,
    superseded_by: str | None = None,
    counted_minimum: int | None = -1,
    money_flagged: bool = False,
) -> Spec:
    return Spec(
        file=file,
        code=code,
        name=name,
        region=region,
        category=category,
        risks=risks or {},
        conditions=conditions,
        minimum={"2014/15": 2_000_000, "2015/16": minimum if counted_minimum == -1 else None},
        total={"2014/15": 2_100_000, "2015/16": total},
        contributions=contributions(minimum, total, council_share),
        baseline=10_000,
        planned=10_000 - avoided,
        population=population,
        signoff_gaps=signoff_gaps,
        superseded_by=superseded_by,
        money_flagged=money_flagged,
    )


def write_batch(folder: Path) -> tuple[list[Spec], list[str]]:
    """Write the batch into `folder`; the specs of the plans and the files that must fail."""
    folder.mkdir(parents=True, exist_ok=True)
    specs: list[Spec] = []

    def plan(spec: Spec, text: str, part2: tuple[int, int] | None = None) -> None:
        path = folder / spec.file
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if part2 is not None:
            part2_workbook(path, path.with_suffix(".xlsx"), *part2)
        specs.append(spec)

    money = {"minimum": 9_000_000, "total": 9_500_000, "council_share": (1_000_000, 1_000_000)}
    plan(
        _millbrook_spec(
            "north/hartlepool.txt",
            "E06000001",
            "Hartlepool",
            "North",
            avoided=360,
            population=92_000,
            **money,  # type: ignore[arg-type]
        ),
        millbrook(
            "Hartlepool Borough Council",
            "Hartlepool",
            avoided=360,
            submitted="26/09/14",
            **money,  # type: ignore[arg-type]
        ),
        part2=(92_000, 360),
    )
    plan(
        _millbrook_spec(
            "north/hartlepool-draft.txt",
            "E06000001",
            "Hartlepool",
            "North",
            avoided=350,
            superseded_by="north/hartlepool.txt",
            **money,  # type: ignore[arg-type]
        ),
        millbrook(
            "Hartlepool Borough Council",
            "Hartlepool",
            avoided=350,
            **money,  # type: ignore[arg-type]
        ),
    )
    leeds = {"minimum": 40_000_000, "total": 52_000_000, "council_share": (4_000_000, 9_000_000)}
    plan(
        _millbrook_spec(
            "north/leeds.txt",
            "E08000035",
            "Leeds",
            "North",
            avoided=500,
            **leeds,  # type: ignore[arg-type]
        ),
        millbrook("Leeds City Council", "Leeds", avoided=500, **leeds),  # type: ignore[arg-type]
    )
    camden = {"minimum": 15_000_000, "total": 15_000_000, "council_share": (2_000_000, 2_000_000)}
    plan(
        _millbrook_spec(
            "london/camden.txt",
            "E09000007",
            "Camden",
            "London",
            avoided=300,
            category="Approved with support",
            risks={"A3": "Further risk"},
            conditions=("3",),
            **camden,  # type: ignore[arg-type]
        ),
        millbrook("London Borough of Camden", "Camden", avoided=300, **camden),  # type: ignore[arg-type]
    )
    barking = {"minimum": 14_000_000, "total": 16_500_000, "council_share": (3_000_000, 4_000_000)}
    plan(
        _millbrook_spec(
            "london/barking.txt",
            "E09000002",
            "Barking and Dagenham",
            "London",
            avoided=400,
            category="Not approved",
            risks={"N2": "Showstopper", "N4": "Further risk"},  # N4: the placeholders left
            conditions=("4a",),
            signoff_gaps=1,
            **barking,  # type: ignore[arg-type]
        ),
        millbrook(
            "London Borough of Barking and Dagenham",
            "Barking",
            avoided=400,
            signed=False,
            **barking,  # type: ignore[arg-type]
        ),
    )
    derby = {"minimum": 12_000_000, "total": 11_500_000, "council_share": (1_500_000, 1_500_000)}
    plan(
        _millbrook_spec(
            "midlands/derby.txt",
            "E06000015",
            "Derby",
            "Midlands and East",
            avoided=420,
            category="Approved subject to conditions",
            risks={"F8": "Top risk"},  # the pooled total below its minimum
            conditions=("2",),
            **derby,  # type: ignore[arg-type]
        ),
        millbrook("Derby City Council", "Derby", avoided=420, **derby),  # type: ignore[arg-type]
    )
    cambs = {"minimum": 38_000_000, "total": 44_100_000, "council_share": (5_000_000, 8_000_000)}
    plan(
        _millbrook_spec(
            "midlands/cambridgeshire.txt",
            "E10000003",
            "Cambridgeshire",
            "Midlands and East",
            avoided=450,
            population=630_000,
            **cambs,  # type: ignore[arg-type]
        ),
        millbrook("Cambridgeshire County Council", "Cambridge", avoided=450, **cambs),  # type: ignore[arg-type]
        part2=(630_000, 450),
    )
    kent = {"minimum": 98_000_000, "total": 99_000_000, "council_share": (9_000_000, 9_000_000)}
    plan(
        _millbrook_spec(
            "south/kent.txt",
            "E10000016",
            "Kent",
            "South",
            avoided=380,
            category="Approved with support",
            risks={"F8": "Further risk"},  # "£98": no minimum can be read, so none is met
            conditions=("4a",),
            counted_minimum=None,
            money_flagged=True,
            **kent,  # type: ignore[arg-type]
        ),
        millbrook("Kent County Council", "Kent", avoided=380, minimum_text="£98", **kent),  # type: ignore[arg-type]
    )
    riverton = (EXAMPLES / "riverton-2014-revised.txt").read_text(encoding="utf-8")
    plan(
        Spec(
            file="south/bristol.txt",
            code="E06000023",
            name="Bristol, City of",
            region="South",
            category="Approved with support",
            # N9: the engagement answers (lines 111, 115) say nothing of what changed; A4: the
            # schemes state 200 admissions avoided (line 143) against 295 (line 81).
            risks={c: "Further risk" for c in ("N4", "N9", "F3", "A3", "A4", "A9", "A10", "A11")},
            conditions=("3", "4a", "4b"),
            minimum={"2014/15": 2_150_000, "2015/16": 9_870_000},
            total={"2014/15": 2_400_000, "2015/16": 10_250_000},
            baseline=2455 + 2390 + 2470 + 2430,
            planned=2370 + 2330 + 2400 + 2350,
        ),
        riverton.replace("Riverton Borough Council", "Bristol City Council").replace(
            "Riverton", "Bristol"
        ),
    )
    eastbrook = (EXAMPLES / "eastbrook-2014-original.txt").read_text(encoding="utf-8")
    plan(
        Spec(
            file="south/devon.txt",
            code="E10000008",
            name="Devon",
            region="South",
            category="Not approved",
            risks={
                "N2": "Showstopper",  # the council's block unsigned
                "N1": "Top risk",  # "To be completed" and thin condition answers
                # N3: the vision (line 64) names a year but no outcome; N9: the engagement
                # answers (lines 44, 50) say nothing of what changed.
                **{c: "Further risk" for c in ("N3", "N4", "N9", "A1", "A9", "A10", "A11")},
            },
            conditions=("1a", "1b", "1d", "1e", "1f", "4a"),
            minimum={"2014/15": 1_209_000, "2015/16": 21_500_000},
            total={"2014/15": 1_209_000, "2015/16": 23_000_000},
            signoff_gaps=1,
        ),
        eastbrook.replace("Eastbrook County Council", "Devon County Council").replace(
            "Eastbrook", "Devon"
        ),
    )
    (folder / "broken").mkdir(exist_ok=True)
    (folder / "broken" / "empty.txt").write_text("", encoding="utf-8")
    (folder / "broken" / "garbage.pdf").write_bytes(b"%PDF-1.4\n\x00\x01 not really a pdf")
    return specs, ["broken/empty.txt", "broken/garbage.pdf"]
