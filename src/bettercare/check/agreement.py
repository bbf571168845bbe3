"""The plan jointly agreed: some record that the Health and Wellbeing Board agreed it.

For rounds whose plans often sign off in a version and sign-off table rather than signature
blocks: the board's agreement is a date agreed at the board, a dated board sign-off block, or
a dated board row of the table (`Plan.sign_off_stages`). Which rounds use it is framework data
(the `plan-not-agreed` code in `[[checks]]`).
"""

from __future__ import annotations

from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer

CODES = frozenset({"plan-not-agreed", "plan-agreement-unconfirmed"})


def run(ctx: CheckContext) -> None:
    plan = ctx.plan
    if plan.date_agreed_at_hwb is not None:
        return
    if any(s.on_behalf_of == "hwb" and s.date for s in plan.signatories):
        return
    if any(stage.on_behalf_of == "hwb" and stage.date for stage in plan.sign_off_stages):
        return
    # Quote what there is: a sign-off table's rows, or the label left without a date.
    pointers = [pointer("sign_off_stages", i, "text") for i in range(len(plan.sign_off_stages))]
    pointers.append(pointer("date_agreed_at_hwb"))
    looked = [w.line for w in plan.warnings if w.pointer == pointer("date_agreed_at_hwb")]
    evidence = [*ctx.source_evidence(*pointers), *ctx.evidence(*looked)]
    # Not agreed only on positive evidence: the date-agreed label shown blank, or a board
    # block or table row read without its date. Nothing found at all (an excerpt, a layout
    # not read) is for a person to check, never a plan "Not approved".
    read = plan.fields.get(pointer("date_agreed_at_hwb"))
    shown_blank = read is not None and read.state == "blank"
    undated = any(s.on_behalf_of == "hwb" for s in plan.signatories) or any(
        stage.on_behalf_of == "hwb" for stage in plan.sign_off_stages
    )
    code = "plan-not-agreed" if shown_blank or undated else "plan-agreement-unconfirmed"
    ctx.raise_finding(code, evidence=evidence, section="plan_details")
