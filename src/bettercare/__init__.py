"""bettercare: read, check and assess Better Care Fund plans, every value traced to its source.

>>> from bettercare import extract_file
>>> plan = extract_file("examples/riverton-2014-revised.txt")  # doctest: +SKIP
>>> plan.pooled_budget.minimum["2015/16"]  # doctest: +SKIP
9870000

The names below are imported when first used, so `import bettercare` (and the command's
`--help`) stays fast: nothing heavy is loaded or parsed until it is needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from bettercare.errors import InputError

if TYPE_CHECKING:
    from bettercare.extract import extract_file, extract_plan
    from bettercare.frameworks import Framework, load_framework
    from bettercare.model import Assessment, Plan
    from bettercare.pipeline import Assured, assure_file
    from bettercare.read import Document, read_file

__version__ = "0.1.0"

_LAZY = {
    "extract_file": "bettercare.extract",
    "extract_plan": "bettercare.extract",
    "Framework": "bettercare.frameworks",
    "load_framework": "bettercare.frameworks",
    "Assessment": "bettercare.model",
    "Plan": "bettercare.model",
    "Assured": "bettercare.pipeline",
    "assure_file": "bettercare.pipeline",
    "Document": "bettercare.read",
    "read_file": "bettercare.read",
}

__all__ = [
    "Assessment",
    "Assured",
    "Document",
    "Framework",
    "InputError",
    "Plan",
    "__version__",
    "assure_file",
    "extract_file",
    "extract_plan",
    "load_framework",
    "read_file",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bettercare' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
