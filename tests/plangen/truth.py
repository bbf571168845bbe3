"""The truth of a random fictional plan: Part 1 plan details and sign-off, as gold fields.

`make_plan(source)` draws a plan from a `Source` of choices; `plans()` is the same as a
hypothesis strategy (so failures shrink), and `RandomSource(random.Random(seed))` gives the
benchmark the same plans without hypothesis. `Truth.gold()` is the gold format the project's
scorer reads.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, Protocol, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")
Kind = Literal["ccg", "council", "hwb"]
State = Literal["signed", "partly", "unsigned"]

YEARS = ("2014/15", "2015/16")
HWB_POSITION = "Chair of Health and Wellbeing Board"


# ------------------------------------------------------------------ choices


class Source(Protocol):
    """Where a plan's random choices come from: hypothesis's `draw` or a seeded Random."""

    def integer(self, lo: int, hi: int) -> int: ...

    def choice(self, options: Sequence[T]) -> T: ...

    def chance(self, p: float) -> bool: ...

    def sample(self, options: Sequence[T], k: int) -> list[T]: ...


class RandomSource:
    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd

    def integer(self, lo: int, hi: int) -> int:
        return self.rnd.randint(lo, hi)

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rnd.randrange(len(options))]

    def chance(self, p: float) -> bool:
        return self.rnd.random() < p

    def sample(self, options: Sequence[T], k: int) -> list[T]:
        return self.rnd.sample(list(options), k)


class DrawSource:
    """Choices drawn through hypothesis, so that a failing plan shrinks to a small one."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw

    def integer(self, lo: int, hi: int) -> int:
        return int(self.draw(st.integers(lo, hi)))

    def choice(self, options: Sequence[T]) -> T:
        return options[self.draw(st.integers(0, len(options) - 1))]

    def chance(self, p: float) -> bool:
        return bool(self.draw(st.integers(0, 999)) < p * 1000)

    def sample(self, options: Sequence[T], k: int) -> list[T]:
        indexes = self.draw(
            st.lists(st.integers(0, len(options) - 1), min_size=k, max_size=k, unique=True)
        )
        return [options[i] for i in indexes]


# ------------------------------------------------------------------- bodies


@cache
def _bodies(kind: str) -> tuple[str, ...]:
    """Names of real 2014 bodies of a kind ("ccg" or "council") from the project's gazetteer,
    written as plans write them (the plans themselves are fictional combinations)."""
    from bettercare.gazetteer import gazetteer

    names = sorted({body.name for body in gazetteer().bodies(kind)})
    if kind == "council":  # the gazetteer names a council by its place: "Hartlepool"
        names = [name if name.endswith("Council") else f"{name} Council" for name in names]
    return tuple(names)


_COUNCIL_WORDS = (
    "London Borough of ", "Royal Borough of ", "City of ", "Council of the ", "The ",
    " Metropolitan Borough Council", " Metropolitan District Council", " Borough Council",
    " County Council", " City Council", " District Council", " Council",
)  # fmt: skip


def place_of(council: str) -> str:
    """The place a council is named after: "London Borough of Ashcombe" → "Ashcombe"."""
    place = council
    for words in _COUNCIL_WORDS:
        place = place.replace(words, "")
    return place.strip(" ,") or council


# ------------------------------------------------------------------ people

FIRST_NAMES = (
    "Alys", "Bronwen", "Caspar", "Delphine", "Emrys", "Fenella", "Gideon", "Hermia", "Isadora",
    "Jago", "Kerensa", "Lorcan", "Marisol", "Niamh", "Orrin", "Perpetua", "Quillon", "Rosalind",
    "Soren", "Tamsin", "Ulric", "Verity", "Wilfred", "Xanthe", "Yestin", "Zenobia", "Ambrose",
    "Clemency", "Dashiell", "Elowen", "Fitzroy", "Gwendolyn", "Hollis", "Imelda", "Jolyon",
)  # fmt: skip
LAST_NAMES = (
    "Abernethy", "Blackwood", "Carrow", "Dunstable", "Everleigh", "Fairbairn", "Gosling",
    "Hawkridge", "Inchbald", "Jessop", "Kittering", "Lovelock", "Marchbank", "Nettleford",
    "Ormerod", "Pennicott", "Quennell", "Rainsford", "Stobart", "Thistlewood", "Underhill",
    "Vosper", "Winterbourne", "Yelland", "Ashdown-Pryce", "O'Hanlon", "McCardle",
)  # fmt: skip
TITLES = ("Dr", "Cllr", "Councillor", "Dr", "Cllr")
HONOURS = ("OBE", "MBE", "CBE", "FRCGP", "MRCGP", "PhD", "MSc", "FRCP")
POSITIONS: dict[str, tuple[str, ...]] = {
    "ccg": (
        "Chief Clinical Officer", "Accountable Officer", "Clinical Chair", "Chief Officer",
        "Chief Finance Officer", "Chair of the Governing Body", "Clinical Accountable Officer",
    ),
    "council": (
        "Chief Executive", "Director of Adult Social Services", "Strategic Director – People",
        "Corporate Director, Adults and Health", "Leader of the Council",
        "Executive Director of Adult Social Care", "Director of Public Health",
    ),
}  # fmt: skip
BOUNDARIES = (
    "None: {council} and {ccg} share one boundary.",
    "{council} and {ccg} are co-terminous.",
    "N/A",
    "Not applicable",
    "A small number of {place} residents are registered with practices in neighbouring CCGs.",
    "The boundaries of {ccg} and {council} are the same, apart from two practices near the "
    "county border whose patients are counted with the neighbouring area.",
)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    title: str | None = None
    honours: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def written(self) -> str:
        """The name as the plan writes it: "Dr Alys Carrow OBE"."""
        return " ".join(p for p in (self.title, self.name, self.honours) if p)


@dataclass(frozen=True)
class Block:
    """One sign-off block: who signs for which body (several CCGs in one block allowed)."""

    kind: Kind
    organisation: str
    state: State
    person: Person | None = None
    position: str | None = None
    date: dt.date | None = None
    organisations: tuple[str, ...] = ()

    @property
    def signed(self) -> bool:
        return self.state == "signed"


@dataclass(frozen=True)
class Truth:
    place: str
    councils: tuple[str, ...]
    ccgs: tuple[str, ...]
    hwb: str
    boundary: str
    date_agreed: dt.date
    date_submitted: dt.date
    minimum: dict[str, int] = field(hash=False)
    total: dict[str, int] = field(hash=False)
    blocks: tuple[Block, ...] = ()

    @property
    def fully_signed(self) -> bool:
        return all(block.signed for block in self.blocks)

    @property
    def has_unsigned(self) -> bool:
        return any(block.state == "unsigned" for block in self.blocks)

    @property
    def money(self) -> list[int]:
        return [self.minimum[y] for y in YEARS] + [self.total[y] for y in YEARS]

    def gold(self) -> dict[str, Any]:
        """The gold fields, in the format the project's scorer reads."""
        return {
            "local_authorities": list(self.councils),
            "ccgs": list(self.ccgs),
            "health_and_wellbeing_board": self.hwb,
            "date_agreed_at_hwb": self.date_agreed.isoformat(),
            "date_submitted": self.date_submitted.isoformat(),
            "pooled_budget": {"minimum": dict(self.minimum), "total": dict(self.total)},
            "signatories": [
                {
                    "on_behalf_of": block.kind,
                    "organisation": block.organisation,
                    "name": block.person.name if block.person else None,
                    "position": block.position,
                    "date": block.date.isoformat() if block.date else None,
                }
                for block in self.blocks
            ],
        }


# ------------------------------------------------------------------ drawing


def _money(source: Source, lo: int, hi: int, thousands: bool | None) -> int:
    step = source.choice((1000, 1000, 10000, 100000) if thousands else (1, 1000, 10000, 100000))
    if thousands is False:
        step = 1
    return source.integer(max(1, lo // step), hi // step) * step


def _written_ccg(name: str, source: Source) -> str:
    """A CCG as plans write it: "NHS X CCG", "X CCG", "X Clinical Commissioning Group"."""
    core = name.removeprefix("NHS ").removesuffix(" CCG")
    form = source.choice(("NHS {} CCG", "NHS {} CCG", "{} CCG", "{} Clinical Commissioning Group",
                          "NHS {} Clinical Commissioning Group"))  # fmt: skip
    return form.format(core)


def _person(source: Source, hwb: bool = False) -> Person:
    title = source.choice(TITLES) if source.chance(0.8 if hwb else 0.4) else None
    honours = source.choice(HONOURS) if source.chance(0.2) else None
    return Person(source.choice(FIRST_NAMES), source.choice(LAST_NAMES), title, honours)


def _block(
    source: Source,
    kind: Kind,
    organisation: str,
    state: State,
    agreed: dt.date,
    submitted: dt.date,
    organisations: tuple[str, ...] = (),
) -> Block:
    if state == "unsigned":
        position = HWB_POSITION if kind == "hwb" else None
        return Block(kind, organisation, state, None, position, None, organisations)
    person = _person(source, kind == "hwb")
    position = HWB_POSITION if kind == "hwb" else source.choice(POSITIONS[kind])
    date = None
    if state == "signed":
        date = agreed + dt.timedelta(days=source.integer(0, (submitted - agreed).days))
    return Block(kind, organisation, state, person, position, date, organisations)


def make_plan(
    source: Source,
    shared_ccg_block: bool | None = None,
    thousands: bool | None = None,
    signed: bool | None = None,
) -> Truth:
    """A random fictional plan. `shared_ccg_block`: one block signs for every CCG (needs 2+);
    `thousands`: every amount a whole number of thousands (so it can be written in £000s);
    `signed`: every block fully signed (True) or at least one wholly unsigned (False)."""
    councils = tuple(source.sample(_bodies("council"), source.choice((1, 1, 1, 1, 2, 3, 5, 9))))
    n_ccgs = source.choice((1, 1, 1, 2, 2, 3, 4, 7))
    if shared_ccg_block:
        n_ccgs = max(n_ccgs, 2)
    ccgs = tuple(_written_ccg(name, source) for name in source.sample(_bodies("ccg"), n_ccgs))
    place = place_of(councils[0])
    hwb = source.choice(
        (
            "{} Health and Wellbeing Board",
            "{} Health and Wellbeing Board",
            "{} Health & Wellbeing Board",
            "{} Health and Well-being Board",
        )
    ).format(place)
    boundary = source.choice(BOUNDARIES).format(council=councils[0], ccg=ccgs[0], place=place)
    agreed = dt.date(2014, 8, 1) + dt.timedelta(days=source.integer(0, 45))
    submitted = agreed + dt.timedelta(days=source.integer(1, 9))
    minimum = {"2014/15": _money(source, 500_000, 30_000_000, thousands)}
    minimum["2015/16"] = max(minimum["2014/15"], _money(source, 2_000_000, 300_000_000, thousands))
    total = {
        year: minimum[year]
        + (0 if source.chance(0.3) else _money(source, 0, 100_000_000, thousands))
        for year in YEARS
    }
    total = {year: min(value, 400_000_000) for year, value in total.items()}
    total = {year: max(value, minimum[year]) for year, value in total.items()}

    shared = (
        shared_ccg_block if shared_ccg_block is not None else len(ccgs) > 1 and source.chance(0.2)
    )
    kinds: list[tuple[Kind, str, tuple[str, ...]]] = []
    joiner = source.choice((" and ", ", ", "; ", " & "))
    if shared:
        head = ", ".join(ccgs[:-1]) if joiner == " and " else joiner.join(ccgs[:-1])
        kinds.append(("ccg", f"{head}{' and ' if joiner == ' and ' else joiner}{ccgs[-1]}", ccgs))
    else:
        kinds.extend(("ccg", ccg, ()) for ccg in ccgs)
    kinds.extend(("council", council, ()) for council in councils)
    kinds.append(("hwb", hwb, ()))
    all_signed = signed if signed is not None else source.chance(0.6)
    states: list[State] = ["signed"] * len(kinds)
    if not all_signed:
        states = [source.choice(("signed", "signed", "partly", "unsigned")) for _ in kinds]
        if signed is False and "unsigned" not in states:
            states[source.integer(0, len(states) - 1)] = "unsigned"
        if all(state == "signed" for state in states):
            states[source.integer(0, len(states) - 1)] = source.choice(("partly", "unsigned"))
    blocks = tuple(
        _block(source, kind, organisation, state, agreed, submitted, several)
        for (kind, organisation, several), state in zip(kinds, states, strict=True)
    )
    return Truth(
        place=place,
        councils=councils,
        ccgs=ccgs,
        hwb=hwb,
        boundary=boundary,
        date_agreed=agreed,
        date_submitted=submitted,
        minimum=minimum,
        total=total,
        blocks=blocks,
    )


def plans(
    shared_ccg_block: bool | None = None,
    thousands: bool | None = None,
    signed: bool | None = None,
) -> st.SearchStrategy[Truth]:
    """A hypothesis strategy of random fictional plans (see `make_plan`)."""

    @st.composite
    def _plans(draw: Any) -> Truth:
        return make_plan(DrawSource(draw), shared_ccg_block, thousands, signed)

    return _plans()


def seeded_plan(seed: int, **options: Any) -> Truth:
    """The same kind of plan from a plain seed (for the benchmark)."""
    return make_plan(RandomSource(random.Random(seed)), **options)
