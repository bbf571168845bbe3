"""National condition 1, a jointly agreed plan: a named, dated sign-off block for every CCG,
every council and the HWB; informal or future approval is not a sign-off."""

from __future__ import annotations

from rapidfuzz import fuzz, utils

from bettercare.check.context import CheckContext
from bettercare.extract.context import pointer
from bettercare.gazetteer import gazetteer
from bettercare.model import Evidence, Signatory

CODES = frozenset(
    {
        "signoff-block-missing",
        "signoff-unsigned",
        "signoff-unconfirmed",
        "signoff-informal",
    }
)

_SAME_ORGANISATION = 80


def _kind_name(ctx: CheckContext, kind: str) -> str:
    return next(k.name for k in ctx.framework.form.signoff.kinds if k.kind == kind)


def _who(ctx: CheckContext, signatory: Signatory) -> str:
    kind = _kind_name(ctx, signatory.on_behalf_of)
    return f"{signatory.organisation} ({kind})" if signatory.organisation else kind


def _matches(kind: str, name: str, organisation: str | None) -> bool:
    """Whether a block signed for the named body: by the gazetteer's code where both are
    known (a block may sign for several: "Hull CCG, West Cheshire CCG"), else by words."""
    if organisation is None:
        return False
    body = gazetteer().resolve(name, kind)
    if body is not None:
        signed_for = {m.body.code for m in gazetteer().find_all(organisation, kind)}
        if signed_for:
            return body.code in signed_for
    score = fuzz.token_set_ratio(name, organisation, processor=utils.default_process)
    return score >= _SAME_ORGANISATION


def check_blocks(ctx: CheckContext) -> None:
    """Every organisation named in plan details has a block of its kind, and so does the HWB."""
    plan = ctx.plan
    named = [("council", la) for la in plan.local_authorities] + [("ccg", c) for c in plan.ccgs]
    for kind, organisation in named:
        blocks = [s for s in plan.signatories if s.on_behalf_of == kind]
        if any(_matches(kind, organisation, s.organisation) for s in blocks):
            continue
        # A block whose organisation is blank may be this one's; it is flagged as unsigned.
        unnamed = [s for s in blocks if s.organisation is None]
        named_here = [o for k, o in named if k == kind]
        if unnamed and len(blocks) >= len(named_here):
            continue
        field = pointer("local_authorities" if kind == "council" else "ccgs")
        _missing(
            ctx,
            f"{kind}:{organisation}",
            f"{organisation} ({_kind_name(ctx, kind)})",
            ctx.source_evidence(field),
            field,
        )
    if not any(s.on_behalf_of == "hwb" for s in plan.signatories):
        _missing(ctx, "hwb", _kind_name(ctx, "hwb"), [])


def _missing(
    ctx: CheckContext, subject: str, who: str, evidence: list[Evidence], *named_in: str
) -> None:
    """A block not found is a gap only when the whole sign-off section was read; where some
    of its text was not read as a block, the block may be there: check by hand."""
    read = ctx.plan.fields.get(pointer("signatories"))
    if read is not None and read.state == "unreadable":
        evidence = evidence + ctx.source_evidence(pointer("signatories"))
        ctx.raise_finding(
            "signoff-unconfirmed",
            subject,
            evidence=evidence,
            section="plan_details",
            who=who,
            missing="block",
        )
        return
    ctx.raise_finding(
        "signoff-block-missing",
        subject,
        evidence=evidence,
        section="plan_details",
        rests_on=named_in,
        who=who,
    )


def check_unread(ctx: CheckContext) -> bool:
    """No sign-off block could be read at all: a review item, never an unsigned plan.
    Returns whether that is so (then the block checks have nothing to stand on)."""
    if ctx.plan.signatories:
        return False
    ctx.raise_finding("signoff-unconfirmed", "form", who="any party", missing="sign-off blocks")
    return True


def _gaps(ctx: CheckContext, number: int, signatory: Signatory) -> tuple[list[str], list[str]]:
    """The block's empty fields: those shown blank (positive evidence of a gap) and those
    that could not be read (to check by hand)."""
    blank: list[str] = []
    unread: list[str] = []
    wanted = ["name", "date"]
    if signatory.on_behalf_of != "hwb":
        wanted.insert(0, "organisation")
    for what in wanted:
        if getattr(signatory, what) is not None:
            continue
        read = ctx.plan.fields.get(pointer("signatories", number, what))
        (blank if read is None or read.state == "blank" else unread).append(what)
    return blank, unread


def check_signed(ctx: CheckContext) -> None:
    """A field shown blank is a gap in the sign-off; one that could not be read is for a
    person to check, never a gap."""
    for number, signatory in enumerate(ctx.plan.signatories):
        blank, unread = _gaps(ctx, number, signatory)
        for code, fields in (("signoff-unconfirmed", unread), ("signoff-unsigned", blank)):
            if fields:
                ctx.raise_finding(
                    code,
                    f"{signatory.on_behalf_of}:{number}",
                    evidence=ctx.evidence(*ctx.value_lines(pointer("signatories", number))),
                    section="plan_details",
                    rests_on=[pointer("signatories", number)],
                    who=_who(ctx, signatory),
                    missing=" or ".join(fields),
                )


def check_informal(ctx: CheckContext) -> None:
    informal = ctx.pattern("informal_signoff")
    lines = [line for line in ctx.plan_lines() if informal.search(line.text)]
    if lines:
        ctx.raise_finding("signoff-informal", evidence=ctx.evidence(*lines))


def run(ctx: CheckContext) -> None:
    if not check_unread(ctx):
        check_blocks(ctx)
        check_signed(ctx)
    check_informal(ctx)
