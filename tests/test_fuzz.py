"""Hypothesis fuzzing: damaged plans never raise anything but the documented InputError."""

from __future__ import annotations

import contextlib
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bettercare import InputError, extract_plan
from bettercare.read import read_bytes
from tests.conftest import CORPUS, EXAMPLES


@cache
def _sources() -> tuple[tuple[str, ...], ...]:
    """Lines of the examples and (where present) of the real plans, as fuzzing seeds."""
    texts = [p.read_text() for p in sorted(EXAMPLES.glob("*.txt"))]
    if CORPUS.is_dir():
        for name in ("fylde-wyre-2014-02-draft.txt", "west-essex-2014-03.txt"):
            texts.append((CORPUS / name).read_text())
        blackpool = (CORPUS / "blackpool-hwb-pack-2014-12.txt").read_text().split("\n")
        texts.append("\n".join(blackpool[2400:5000]))
    return tuple(tuple(text.split("\n")) for text in texts)


@st.composite
def damaged_plans(draw: st.DrawFn) -> bytes:
    lines = list(draw(st.sampled_from(_sources())))
    for _ in range(draw(st.integers(0, 6))):
        if not lines:
            break
        action = draw(st.sampled_from(["delete", "duplicate", "shuffle", "noise", "huge", "tabs"]))
        i = draw(st.integers(0, len(lines) - 1))
        j = min(len(lines), i + draw(st.integers(1, 60)))
        if action == "delete":
            del lines[i:j]
        elif action == "duplicate":
            lines[i:i] = lines[i:j]
        elif action == "shuffle":
            lines[i:j] = draw(st.permutations(lines[i:j]))
        elif action == "noise":
            lines.insert(i, draw(st.text(max_size=200)))
        elif action == "huge":
            lines.insert(i, draw(st.sampled_from(["£", "<", "\t", "Q1 ", "1 ", "a"])) * 200_000)
        else:
            lines[i] = lines[i].replace(" ", "\t")
    data = "\n".join(lines).encode("utf-8", errors="replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=64)) + data[cut:]
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_plans())
def test_damaged_text_extracts_or_fails_cleanly(data: bytes) -> None:
    try:
        plan = extract_plan(read_bytes("fuzz.txt", data, "txt"))
    except InputError as error:
        assert "\n" not in str(error)
        return
    plan.model_dump_json()  # the contract always serialises
    for source in plan.sources.values():
        assert source.line >= 1


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["txt", "pdf", "docx", None]))
def test_random_bytes_never_crash_a_reader(data: bytes, kind: str | None) -> None:
    with contextlib.suppress(InputError):
        extract_plan(read_bytes("fuzz", data, kind))
