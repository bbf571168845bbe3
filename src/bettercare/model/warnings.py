"""The one catalogue of read warnings: a stable code and what it means."""

from __future__ import annotations

WARNINGS: dict[str, str] = {
    "page-without-text": "A PDF page holds only images (scanned, no text layer); it was not read.",
    "round-unsupported": "The plan is from a round of the fund no framework file holds.",
    "round-forced": "The plan reads as another round than the framework it was extracted with.",
    "plan-not-located": "No Part 1 template title found; the whole document was read as the plan.",
    "template-unknown": "The template version could not be recognised; the original was assumed.",
    "section-missing": "A section of the template was not found.",
    "placeholder": "A field holds template placeholder text, not a value.",
    "date-invalid": "A date could not be read or is impossible.",
    "money-invalid": "An amount of money could not be read.",
    "money-unit-assumed": "An amount was scaled by a unit label (such as £000's).",
    "organisation-unknown": "A council or CCG named is not in the gazetteer of 2014 bodies.",
    "money-implausible": "An amount is not plausible for one HWB's pooled budget; left empty.",
    "money-ocr": "A digit slip in an amount (a letter read for a digit) was corrected.",
    "signoff-incomplete": "A sign-off block lacks a name, position or date.",
    "scheme-ref-inferred": "An unreadable scheme reference was inferred from its neighbours.",
    "scheme-ref-unknown": "An Annex 1 block's scheme reference matched no listed scheme.",
    "investment-tbc": "A scheme's investment is stated as to be confirmed.",
    "investment-unlabelled": "A scheme states several amounts without saying which is its total.",
    "risk-score-mismatch": "A risk score is not impact × likelihood.",
    "metric-value-invalid": "A metric cell could not be read as a number.",
    "part2-sheet-missing": "A sheet of the Part 2 workbook was not found.",
    "part2-column-missing": "A column of a Part 2 sheet was not found by its header label.",
    "part2-version-old": "The workbook is not the current version of the Part 2 template.",
    "cell-invalid": "A workbook cell does not hold what its column needs.",
    "cell-missing": "A required workbook cell is empty.",
}
