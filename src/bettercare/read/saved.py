"""A plan saved as JSON by `bettercare extract` (or inside an `assure` JSON), read back so it
can be checked and assessed again without its document."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from bettercare.errors import InputError
from bettercare.model import SCHEMA_VERSION, Plan
from bettercare.read import current_budgets, file_bytes

SAVED_SUFFIXES = (".json",)


def _major(version: str) -> str:
    return version.split(".", 1)[0]


def read_saved_plan(path: str | Path) -> Plan:
    """The plan in a `extract` JSON file, or the `plan` of an `assure` JSON file."""
    name = str(path)
    raw = file_bytes(path, current_budgets())
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise InputError(name, f"not a JSON file ({type(error).__name__})") from None
    if isinstance(data, dict) and isinstance(data.get("plan"), dict):
        data = data["plan"]  # an `assure` output holds the plan it assessed
    if not isinstance(data, dict) or "framework" not in data:
        raise InputError(name, "not a bettercare plan (no 'framework' key); see bettercare schema")
    version = str(data.get("schema_version", ""))
    if _major(version) != _major(SCHEMA_VERSION):
        raise InputError(
            name, f"a plan of schema {version or '?'}; this bettercare reads {SCHEMA_VERSION}"
        )
    data["schema_version"] = SCHEMA_VERSION  # a 1.x plan lacks only newer optional keys
    try:
        return Plan.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = "/".join(str(part) for part in first["loc"])
        raise InputError(name, f"not a valid plan: /{where}: {first['msg']}") from None
