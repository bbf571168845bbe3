"""The checks with the panel's depth (A4, A7, A8, F9 and N3/N5/N9 on content), each on a
fictional plan built as a `Plan` with its own text and no document: the plan below passes
every one of them, and each breaking case changes it so that exactly that check fails."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bettercare.check import check_plan
from bettercare.frameworks import load_framework
from bettercare.model import Finding, MetricSeries, MetricValue, Plan, PlanLine, Scheme, Source
from bettercare.model.part2 import BenefitLine, Part2
from bettercare.model.plan import Figure, ProviderCommentary

PANEL_CODES = {
    "schemes-nel-impact-mismatch",
    "metric-ambition-no-scheme",
    "metric-impact-not-planned",
    "metric-ambition-implausible",
    "savings-unevidenced",
    "savings-exceed-investment",
    "savings-exceed-activity",
    "vision-unclear",
    "alignment-unclear",
    "engagement-unclear",
}

VISION = (
    "By 2019/20 people in Seaford will live independently at home for longer, "
    "with fewer emergency admissions."
)
ALIGNMENT = "The plan delivers the CCG two year operational plan and its five year strategic plan."
PATIENTS = (
    "Healthwatch Seaford ran three listening events with patients and carers; "
    "their feedback changed the falls scheme."
)
PROVIDERS = "Seaford General Hospital and the community trust designed the schemes with us."
ROW_A = (
    "A\tNeighbourhood teams\t"
    "Fewer emergency admissions; fewer permanent admissions to residential care"
)
ROW_B = (
    "B\tDischarge team\tFewer delayed transfers of care; "
    "more people at home 91 days after reablement; better patient experience"
)
EVIDENCE_A = (
    "A pilot in 2013/14 cut emergency admissions of frail patients by a tenth "
    "in our own evaluation."
)
EVIDENCE_B = (
    "The 2013 hospital audit found a third of weekend discharges delayed until Monday "
    "for want of a social worker."
)
IMPACT_A = "A reduction in non-elective admissions of 200 and savings of £300,000."
IMPACT_B = "100 fewer emergency admissions, saving £150,000."
PREVENT = "How many non-elective admissions is the BCF planned to prevent in 15-16?\t300 (3%)"

# metric id → (row label, line, 2014/15 quarters, 2015/16 quarters)
METRICS = {
    "NEL": ("Total non-elective admissions (general & acute), all-age", 10, 2500.0, 2425.0),
    "DTOC": ("Delayed transfers of care (delayed days) per 100,000 (18+)", 11, 300.0, 285.0),
    "RES": ("Permanent admissions to residential and nursing care homes", 12, 180.0, 170.0),
    "REA": ("Still at home 91 days after discharge into reablement (%)", 13, 80.0, 82.0),
    "EXP": ("Patient experience: people who felt supported (%)", 14, 60.0, 63.0),
}


def _series(metric: str, before: float, after: float) -> MetricSeries:
    label = METRICS[metric][0]
    values = [MetricValue(period=f"2014/15 Q{q}", value=before) for q in range(1, 5)]
    values += [MetricValue(period=f"2015/16 Q{q}", value=after) for q in range(1, 5)]
    return MetricSeries(id=metric, label=label, values=values)


def _row_text(series: MetricSeries) -> str:
    return "\t".join([series.label, *(f"{v.value:g}" for v in series.values)])


class Seaford:
    """A fictional plan's parts, changed by a breaking case before `plan()` builds it."""

    def __init__(self) -> None:
        self.lines: dict[int, str] = {
            1: "Vision for health and care services",
            2: VISION,
            3: "Alignment",
            4: ALIGNMENT,
            5: "Patient, service user and public engagement",
            6: PATIENTS,
            7: "Service provider engagement",
            8: PROVIDERS,
            20: ROW_A,
            21: ROW_B,
            30: "Scheme ref no.\tA",
            31: "The evidence base",
            32: EVIDENCE_A,
            33: "Investment requirements",
            34: "£500,000",
            35: "Impact of scheme",
            36: IMPACT_A,
            40: "Scheme ref no.\tB",
            41: "The evidence base",
            42: EVIDENCE_B,
            43: "Investment requirements",
            44: "£400,000",
            45: "Impact of scheme",
            46: IMPACT_B,
            50: PREVENT,
        }
        self.narratives = {
            "vision": (2, VISION),
            "alignment": (4, ALIGNMENT),
            "patient_engagement": (6, PATIENTS),
            "provider_engagement": (8, PROVIDERS),
        }
        self.metrics = {m: (before, after) for m, (_, _, before, after) in METRICS.items()}
        self.schemes = [
            Scheme(
                ref="A",
                name="Neighbourhood teams",
                expected_benefits=ROW_A.split("\t")[2],
                annex1=True,
                evidence_base=EVIDENCE_A,
                investment=500_000,
                impact=IMPACT_A,
            ),
            Scheme(
                ref="B",
                name="Discharge team",
                expected_benefits=ROW_B.split("\t")[2],
                annex1=True,
                evidence_base=EVIDENCE_B,
                investment=400_000,
                impact=IMPACT_B,
            ),
        ]
        self.part2: Part2 | None = None

    def replace(self, line: int, old: str, new: str) -> None:
        """Change the words of one line, and the scheme or narrative value read from it."""
        assert old in self.lines[line], (line, old)
        self.lines[line] = self.lines[line].replace(old, new)
        for scheme in self.schemes:
            for field in ("expected_benefits", "evidence_base", "impact"):
                value = getattr(scheme, field)
                if value and old in value:
                    setattr(scheme, field, value.replace(old, new))
        for narrative, (number, text) in self.narratives.items():
            if number == line:
                self.narratives[narrative] = (number, text.replace(old, new))

    def plan(self) -> Plan:
        series = [_series(m, *values) for m, values in self.metrics.items()]
        lines = dict(self.lines)
        sources: dict[str, Source] = {}
        for number, item in enumerate(series):
            line = METRICS[item.id or ""][1]
            lines[line] = _row_text(item)
            sources[f"/metrics/{number}/values"] = Source(line=line, text=lines[line])
        for narrative, (line, _) in self.narratives.items():
            sources[f"/narratives/{narrative}"] = Source(line=line, text=lines[line])
        for number, (row, annex, money) in enumerate([(20, 30, 34), (21, 40, 44)]):
            sources[f"/schemes/{number}/name"] = Source(line=row, text=lines[row])
            sources[f"/schemes/{number}/annex1"] = Source(line=annex, text=lines[annex])
            sources[f"/schemes/{number}/investment"] = Source(line=money, text=lines[money])
        prevent = "/provider_commentary/0/figures/prevent_2015_16"
        sources[prevent] = Source(line=50, text=lines[50])
        return Plan(
            framework="bcf-2014",
            template="revised",
            start_line=1,
            end_line=50,
            narratives={k: text for k, (_, text) in self.narratives.items()},
            schemes=self.schemes,
            metrics=series,
            provider_commentary=[
                ProviderCommentary(
                    figures={"prevent_2015_16": Figure(text="300 (3%)", value=300, percent=3)}
                )
            ],
            sources=sources,
            text=[PlanLine(number=n, text=t) for n, t in sorted(lines.items())],
            part2=self.part2,
        )


def panel_findings(plan: Plan) -> dict[str, Finding]:
    return {f.id: f for f in check_plan(plan).findings if f.code in PANEL_CODES}


def _more_admissions(p: Seaford) -> None:
    p.replace(36, "admissions of 200", "admissions of 900")


def _no_experience_scheme(p: Seaford) -> None:
    p.replace(21, "; better patient experience", "")


def _flat_dtoc(p: Seaford) -> None:
    p.metrics["DTOC"] = (300.0, 300.0)


def _res_leap(p: Seaford) -> None:
    p.metrics["RES"] = (180.0, 140.0)


def _no_evidence(p: Seaford) -> None:
    p.replace(32, EVIDENCE_A, "See the PID.")


def _big_savings(p: Seaford) -> None:
    p.replace(46, "£150,000", "£950,000")


def _part2_savings(p: Seaford) -> None:
    p.part2 = Part2(
        benefits=[
            BenefitLine(row=6, ref="A", metric="NEL", change_2015_16=-100, savings_2015_16=400_000)
        ],
        cells={
            "/benefits/0/change_2015_16": "4. HWB Benefits Plan!E6",
            "/benefits/0/savings_2015_16": "4. HWB Benefits Plan!G6",
        },
    )


def _vision_without_year(p: Seaford) -> None:
    p.replace(2, "By 2019/20 people", "People")


def _alignment_without_plans(p: Seaford) -> None:
    unaligned = "The BCF board meets monthly and reports its progress to the council cabinet."
    p.replace(4, ALIGNMENT, unaligned)


def _engagement_without_change(p: Seaford) -> None:
    p.replace(6, "; their feedback changed the falls scheme", " during 2014")


# code → (finding id expected, what changes the passing plan)
PANEL_BREAKS: dict[str, tuple[str, Callable[[Seaford], None]]] = {
    "schemes-nel-impact-mismatch": ("schemes-nel-impact-mismatch", _more_admissions),
    "metric-ambition-no-scheme": ("metric-ambition-no-scheme:EXP", _no_experience_scheme),
    "metric-impact-not-planned": ("metric-impact-not-planned:DTOC", _flat_dtoc),
    "metric-ambition-implausible": ("metric-ambition-implausible:RES", _res_leap),
    "savings-unevidenced": ("savings-unevidenced:A", _no_evidence),
    "savings-exceed-investment": ("savings-exceed-investment:B", _big_savings),
    "savings-exceed-activity": ("savings-exceed-activity:A", _part2_savings),
    "vision-unclear": ("vision-unclear", _vision_without_year),
    "alignment-unclear": ("alignment-unclear", _alignment_without_plans),
    "engagement-unclear": ("engagement-unclear", _engagement_without_change),
}  # fmt: skip


def test_the_panel_codes_are_the_new_families_codes() -> None:
    from bettercare.check import ambition, narrative_content, savings, supporting

    families = ambition.CODES | supporting.CODES | savings.CODES | narrative_content.CODES
    assert families == PANEL_CODES == set(PANEL_BREAKS)


def test_the_fictional_plan_passes_every_panel_check() -> None:
    assert panel_findings(Seaford().plan()) == {}


@pytest.mark.parametrize("code", sorted(PANEL_BREAKS))
def test_a_changed_plan_fails_the_panel_check(code: str) -> None:
    expected, change = PANEL_BREAKS[code]
    seaford = Seaford()
    change(seaford)
    found = panel_findings(seaford.plan())
    assert expected in found, sorted(found)
    finding = found[expected]
    catalogue = load_framework().check(code)
    assert (finding.severity, finding.risk) == (catalogue.severity, catalogue.risk)
    assert finding.severity != "Showstopper"
    assert finding.evidence, "a finding cites the lines it rests on"
    assert finding.rests_on, "a finding names the plan values it rests on"
    assert "{" not in finding.message and "{" not in finding.action


def _changed(*changes: Callable[[Seaford], None]) -> Plan:
    seaford = Seaford()
    for change in changes:
        change(seaford)
    return seaford.plan()


def test_schemes_claiming_more_than_the_ambition_cite_each_claim_and_the_trajectory() -> None:
    finding = panel_findings(_changed(_more_admissions))["schemes-nel-impact-mismatch"]
    assert finding.message == (
        "The schemes quantify 1,000 non-elective admissions avoided (scheme A: 900 (line 36), "
        "scheme B: 100 (line 46)), more than the 300 the plan sets out to avoid (2015/16 "
        "against 2014/15 trajectory, line 10)."
    )
    assert [e.line for e in finding.evidence] == [36, 46, 10]
    assert finding.rests_on == ["/metrics/0/values", "/schemes/0/impact", "/schemes/1/impact"]
    assert finding.conditions == ["3"]


def test_an_ambition_the_schemes_fall_short_of_is_read_from_the_provider_commentary() -> None:
    def flat_nel(p: Seaford) -> None:
        p.metrics["NEL"] = (2500.0, 2500.0)  # no reduction in the trajectory

    def fewer(p: Seaford) -> None:
        p.replace(36, "admissions of 200", "admissions of 20")

    finding = panel_findings(_changed(flat_nel, fewer))["schemes-nel-impact-mismatch"]
    assert "120 non-elective admissions avoided" in finding.message
    assert "short of the 300 the plan sets out to avoid (provider commentary, line 50)" in (
        finding.message
    )
    assert finding.evidence[-1].line == 50


def test_scheme_impact_within_the_tolerance_is_consistent() -> None:
    # 350 stated against 300 planned: 17%, inside the framework's 20%.
    plan = _changed(lambda p: p.replace(36, "admissions of 200", "admissions of 250"))
    assert "schemes-nel-impact-mismatch" not in panel_findings(plan)
    assert load_framework().assurance.number("scheme_impact_tolerance_percent") == 20


def test_scheme_impact_is_left_to_part2_benefits_or_unjudged_without_numbers() -> None:
    assert "schemes-nel-impact-mismatch" not in panel_findings(
        _changed(_more_admissions, _part2_savings)
    )

    def no_numbers(p: Seaford) -> None:
        p.replace(36, "A reduction in non-elective admissions of 200 and", "Fewer admissions and")
        p.replace(46, "100 fewer emergency admissions", "Fewer emergency admissions")

    assert "schemes-nel-impact-mismatch" not in panel_findings(_changed(no_numbers))


def test_a_flat_supporting_metric_is_under_ambitious_and_a_worsening_is_left_to_a9() -> None:
    def flat_rea(p: Seaford) -> None:
        p.metrics["REA"] = (80.0, 80.0)

    finding = panel_findings(_changed(flat_rea))["metric-ambition-implausible:REA"]
    assert "improvement of 0.0%, below the 0.5%" in finding.message
    assert "under-ambitious" in finding.message
    assert [e.line for e in finding.evidence] == [13]

    def worse_rea(p: Seaford) -> None:
        p.metrics["REA"] = (80.0, 78.0)

    report = check_plan(_changed(worse_rea))
    ids = {f.id for f in report.findings}
    assert "metric-ambition-implausible:REA" not in ids
    assert "metric-worsening-unexplained:REA" in ids
    # Scheme B claims reablement: its plan not improving is an A7 inconsistency too.
    assert "metric-impact-not-planned:REA" in ids


def test_the_over_ambition_band_is_framework_data() -> None:
    finding = panel_findings(_changed(_res_leap))["metric-ambition-implausible:RES"]
    assert "improvement of 22.2% in a year, above the 15% that is plausible" in finding.message
    framework = load_framework()
    wider = [
        m.model_copy(update={"max_improvement_percent": 30}) if m.id == "RES" else m
        for m in framework.metrics
    ]
    relaxed = framework.model_copy(update={"metrics": wider})
    found = {f.id for f in check_plan(_changed(_res_leap), relaxed).findings}
    assert "metric-ambition-implausible:RES" not in found


def test_schemes_claiming_a_metric_whose_plan_does_not_improve() -> None:
    finding = panel_findings(_changed(_flat_dtoc))["metric-impact-not-planned:DTOC"]
    assert finding.message.startswith("Scheme(s) B claim an impact on Delayed transfers of care")
    assert "(300.0 to 300.0)" in finding.message
    assert [e.line for e in finding.evidence] == [11, 21]
    assert "/schemes/1/impact" in finding.rests_on


def test_an_improving_metric_no_scheme_names() -> None:
    finding = panel_findings(_changed(_no_experience_scheme))["metric-ambition-no-scheme:EXP"]
    assert "Patient/service user experience is planned to improve (60.0 to 63.0)" in (
        finding.message
    )
    assert [e.line for e in finding.evidence] == [14]


def test_savings_against_investment_and_evidence_cite_their_lines() -> None:
    big = panel_findings(_changed(_big_savings))["savings-exceed-investment:B"]
    assert big.message == (
        "Scheme B (Discharge team) claims savings of £950,000 against an investment of "
        "£400,000 (2.4 times; at most 2 times is plausible in year)."
    )
    assert [e.line for e in big.evidence] == [46, 44]
    assert big.rests_on == ["/schemes/1/impact", "/schemes/1/investment"]
    bare = panel_findings(_changed(_no_evidence))["savings-unevidenced:A"]
    assert "claims savings of £300,000 but gives no evidence base" in bare.message
    assert [e.line for e in bare.evidence] == [36, 30]


def test_part2_savings_are_valued_against_the_admissions_avoided() -> None:
    finding = panel_findings(_changed(_part2_savings))["savings-exceed-activity:A"]
    assert finding.message == (
        "Scheme A values 100 non-elective admissions avoided at £400,000, 2.7 times the "
        "£149,000 they are worth at £1,490 each."
    )
    assert [e.cell for e in finding.evidence] == [
        "4. HWB Benefits Plan!E6",
        "4. HWB Benefits Plan!G6",
    ]

    def modest(p: Seaford) -> None:
        _part2_savings(p)
        assert p.part2 is not None
        p.part2.benefits[0].savings_2015_16 = 160_000

    assert "savings-exceed-activity:A" not in panel_findings(_changed(modest))


def test_a_vision_says_which_of_outcomes_and_timescale_is_missing() -> None:
    timeless = panel_findings(_changed(_vision_without_year))["vision-unclear"]
    assert timeless.message.startswith("The vision does not name a timescale")
    assert [e.line for e in timeless.evidence] == [2]
    assert timeless.rests_on == ["/narratives/vision"]

    def vague(p: Seaford) -> None:
        vaguer = "Health and care partners in Seaford will work together as one system."
        p.replace(2, VISION, vaguer)

    both = panel_findings(_changed(vague))["vision-unclear"]
    assert "the outcomes it will achieve" in both.message and "or a timescale" in both.message


def test_a_missing_or_short_vision_is_left_to_the_checklist() -> None:
    plan = _changed(lambda p: p.replace(2, VISION, "To follow."))
    assert "vision-unclear" not in panel_findings(plan)
    del plan.narratives["vision"]
    ids = {f.id for f in check_plan(plan).findings}
    assert "vision-unclear" not in ids and "item-missing:narratives/vision" in ids


def test_engagement_says_what_is_missing() -> None:
    finding = panel_findings(_changed(_engagement_without_change))["engagement-unclear"]
    assert finding.message == (
        "The engagement sections do not say what changed as a result of engagement."
    )
    assert [e.line for e in finding.evidence] == [6, 8]

    def no_providers(p: Seaford) -> None:
        _engagement_without_change(p)
        p.replace(8, PROVIDERS, "We held a workshop on the schemes in June with everyone involved.")

    both = panel_findings(_changed(no_providers))["engagement-unclear"]
    assert "which providers were engaged or what changed" in both.message


def test_alignment_naming_a_local_plan_passes() -> None:
    plan = _changed(
        _alignment_without_plans,
        lambda p: p.replace(4, "council cabinet.", "council cabinet, as the JSNA sets out."),
    )
    assert "alignment-unclear" not in panel_findings(plan)
