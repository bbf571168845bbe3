"""A small fictional plan (Millbrook) that passes every check, and a way to break it.

Each rule test takes this text, changes a few lines so that exactly one rule should fail,
and runs the real pipeline (read → extract → check → assess) on the result.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from bettercare.pipeline import Assured, assure_file

ASSESSED_ON = dt.date(2014, 10, 20)

CLEAN_PLAN = """\
Updated July 2014

Better Care Fund planning template – Part 1

1) PLAN DETAILS

a) Summary of Plan

Local Authority	Millbrook City Council
Clinical Commissioning Groups	Millbrook CCG
Boundary Differences	None: the council and the CCG share one boundary.
Date agreed at Health and Well-Being Board:	10/09/2014
Date submitted:	19/09/14
Minimum required value of BCF pooled budget: 2014/15	£2,000,000
2015/16	£9,000,000
Total agreed value of pooled budget: 2014/15	£2,100,000
2015/16	£9,500,000

b) Authorisation and signoff

Signed on behalf of the Clinical Commissioning Group	Millbrook CCG
By	Dr Helen Carter
Position	Chief Clinical Officer
Date	18/09/14

Signed on behalf of the Council	Millbrook City Council
By	Samuel Reid
Position	Chief Executive
Date	18/09/14

Signed on behalf of the Health and Wellbeing Board	Millbrook Health and Wellbeing Board
By Chair of Health and Wellbeing Board	Cllr Anita Shah
Date	19/09/14

c) Related documentation

No.	Document or information title	Synopsis and links
1	Millbrook Joint Health and Wellbeing Strategy	The board's strategy for 2013 to 2016.

2) VISION FOR HEALTH AND CARE SERVICES

By 2019 people in Millbrook will be supported to stay well at home by one joined-up team in each neighbourhood.

3) CASE FOR CHANGE

Emergency admissions of people over 75 in Millbrook have risen by 3% a year since 2010.

4) PLAN OF ACTION

b) Please articulate the overarching governance arrangements for integrated care locally

The Millbrook Integration Board reports to the Health and Wellbeing Board every quarter.

List of planned BCF schemes

Scheme Ref	Planned Schemes	Expected benefits
A	Neighbourhood care teams	Fewer emergency admissions and permanent admissions to residential care; better patient experience; higher dementia diagnosis rate
B	Seven day discharge team	Fewer delayed transfers of care; more people at home 91 days after reablement

5) RISKS AND CONTINGENCY

a) Risk log

No.	Description of Risk	I	L	GS	Controls and Mitigation	I	L	NS
1	Schemes do not reduce admissions	4	4	16	Monthly review by the Integration Board	4	2	8
2	Recruitment of community nurses	3	4	12	Joint recruitment campaign with the council	3	2	6

b) Contingency plan and risk sharing

If admissions do not fall, the CCG holds back the performance fund for acute services, as agreed with the council in the section 75 agreement.

Metric	14-15 Q1	14-15 Q2	14-15 Q3	14-15 Q4	15-16 Q1	15-16 Q2	15-16 Q3	15-16 Q4
Total non-elective admissions (general & acute), all-age	2,500	2,480	2,520	2,500	2,440	2,420	2,400	2,380

Metric	14-15 Q1	14-15 Q2	14-15 Q3	14-15 Q4	15-16 Q1	15-16 Q2	15-16 Q3	15-16 Q4
Delayed transfers of care (delayed days) from hospital per 100,000 population (aged 18+)	320.0	315.0	310.0	305.0	300.0	295.0	290.0	285.0
Permanent admissions to residential and nursing care homes per 100,000 aged 65+	180.0	178.0	176.0	174.0	172.0	170.0	168.0	166.0
Still at home 91 days after discharge into reablement (%)	80.0	80.5	81.0	81.5	82.0	82.5	83.0	83.5
Patient experience: people who felt supported (%)	60.0	61.0	62.0	63.0	64.0	65.0	66.0	67.0

Metric	14-15 Q1	14-15 Q2	14-15 Q3	14-15 Q4	15-16 Q1	15-16 Q2	15-16 Q3	15-16 Q4
Local metric: dementia diagnosis rate (%)	50.0	52.0	54.0	56.0	58.0	60.0	62.0	64.0

6) ALIGNMENT

The plan delivers the Millbrook CCG two year operational plan and the council's care strategy.

7) NATIONAL CONDITIONS

Protecting social care services

£1.5m of the fund protects adult social care services in 2015/16, keeping eligibility at substantial.

7 day services to support discharge

The discharge team and reablement service work seven days a week from April 2015.

Data sharing

The NHS Number is used as the primary identifier in health and social care records.

Joint assessment and accountable lead professional for high risk populations

3% of adults are at high risk of admission, found with a risk stratification tool; each has an accountable GP.

8) ENGAGEMENT

a) Patient, service user and public engagement

Healthwatch Millbrook held four listening events in 2014 and its findings shaped each scheme.

b) Service provider engagement

Millbrook General Hospital and the community trust took part in every design workshop.

c) Implications for acute providers

Millbrook General Hospital expects 360 fewer emergency admissions in 2015/16, which is the 3.6% reduction in non-elective admissions this plan sets out.

ANNEX 1 – Detailed Scheme Description

Scheme ref no.

A

Scheme name

Neighbourhood Care Teams

What is the strategic objective of this scheme?

One team of nurses, social workers and therapists around each group of practices.

The evidence base

Neighbourhood teams in the pilot practices cut emergency admissions of their frail patients by a tenth in 2013/14, in the CCG's own evaluation.

Investment requirements

Please enter the amount of funding required for this scheme in Part 2, Tab 3. HWB Expenditure Plan

£5,000,000

Scheme ref no.

B

Scheme name

Seven Day Discharge Team

What is the strategic objective of this scheme?

Discharge on every day of the week.

The evidence base

The hospital's 2013 audit found a third of weekend discharges delayed until Monday for want of a social worker.

Investment requirements

Please enter the amount of funding required for this scheme in Part 2, Tab 3. HWB Expenditure Plan

£900,000

Organisation	Holds the pooled budget? (Y/N)	Spending on BCF schemes in 14/15	Minimum contribution (15/16)	Actual contribution (15/16)
Millbrook City Council	Y	600,000	1,000,000	1,000,000
Millbrook CCG	N	1,500,000	8,000,000	8,500,000
BCF Total		2,100,000	9,000,000	9,500,000

ANNEX 2 – Provider commentary

Name of Health & Wellbeing Board	Millbrook Health & Wellbeing Board
Name of Provider organisation	Millbrook General Hospital NHS Trust
Name of Provider CEO	Grace Lowe
Signature (electronic or typed)	Grace Lowe
Total number of non-elective FFCEs	2013/14 Outturn	10000
	2014/15 Plan	10000
	2015/16 Plan	9640
	15/16 Change compared to planned 14/15 outturn	360 (3.6%)
"""


def variant(changes: list[tuple[str, str]]) -> str:
    """The clean plan with each `old` text replaced by `new` (each must be present)."""
    text = CLEAN_PLAN
    for old, new in changes:
        if old not in text:
            raise AssertionError(f"the clean plan has no {old!r}")
        text = text.replace(old, new)
    return text


def assure_text(text: str, folder: Path, name: str = "plan.txt") -> Assured:
    """Extract the text, save the plan as JSON, and assess the saved plan: every check then
    runs on plan JSON alone, with no document behind it."""
    from bettercare.extract import extract_file

    path = folder / name
    path.write_text(text, encoding="utf-8")
    saved = path.with_suffix(".json")
    saved.write_text(extract_file(path).model_dump_json(), encoding="utf-8")
    path.unlink()  # no document left to read
    return assure_file(saved, on=ASSESSED_ON)


def write_benefits(book: Any, avoided: int) -> None:
    """Tab 4 of a Part 2 workbook (header row 5): one benefit per metric, the NEL row's
    admissions avoided as given."""
    benefits = book["4. HWB Benefits Plan"]
    for row, values in enumerate(
        [
            ["A", "Fewer emergency admissions", "NEL", "admissions", -avoided, 0, 495_000],
            ["B", "Fewer delayed days", "DTOC", "delayed days", -40, 0, 12_000],
            ["B", "More people at home after reablement", "REA", "%", 2, 0, 0],
            ["A", "Fewer care home admissions", "RES", "admissions", -6, 0, 90_000],
            ["A", "Better patient experience", "EXP", "%", 4, 0, 0],
            ["A", "More dementia diagnoses", "LOCAL", "%", 8, 0, 0],
        ],
        start=6,
    ):
        for column, value in zip("ABCDEFG", values, strict=True):
            benefits[f"{column}{row}"] = value


def clean_workbook(folder: Path, name: str = "part2.xlsx") -> Path:
    """Millbrook's Part 2 workbook, prefilled from the clean plan and completed as a plan lead
    would: every required cell filled, consistent with Part 1."""
    from io import BytesIO

    from openpyxl import load_workbook

    from bettercare.extract import extract_file
    from bettercare.frameworks import load_framework
    from bettercare.report.part2_template import part2_template

    plan_path = folder / "clean-for-workbook.txt"
    plan_path.write_text(CLEAN_PLAN, encoding="utf-8")
    data = part2_template(load_framework(), extract_file(plan_path))
    book = load_workbook(BytesIO(data))
    cover = book["1. Cover"]
    cover["B7"], cover["B8"], cover["B9"] = 250_000, 41_000, 198_000  # populations
    spend = book["3. HWB Expenditure Plan"]  # header row 5; A in row 6, B in row 7
    for row, values in {
        6: [
            "Community health",
            "Joint",
            "Millbrook Community Trust",
            "CCG minimum contribution",
            4_000_000,
        ],
        7: ["Social care", "Local authority", "Millbrook City Council", "Local authority", 800_000],
    }.items():
        for column, value in zip("CDEFG", values, strict=True):  # H (2015/16) is prefilled
            spend[f"{column}{row}"] = value
    write_benefits(book, avoided=330)
    p4p = book["5. HWB P4P metric"]  # fields in rows 4-5, header row 7, Q1-Q4 in rows 8-11
    p4p["B4"], p4p["B5"] = 3.6, 360
    supporting = book["6. HWB Supporting Metrics"]  # header row 5, RES..LOCAL in rows 6-10
    for row, (baseline, plan) in enumerate(
        [(180.0, 166.0), (80.0, 83.5), (320.0, 285.0), (60.0, 67.0), (50.0, 64.0)], start=6
    ):
        supporting[f"C{row}"], supporting[f"D{row}"] = baseline, plan
    path = folder / name
    book.save(path)
    return path
