"""bettercare: read, check and assess Better Care Fund plans, every value traced to its source.

>>> from bettercare import extract_file
>>> plan = extract_file("examples/riverton-2014-revised.txt")  # doctest: +SKIP
>>> plan.pooled_budget.minimum["2015/16"]  # doctest: +SKIP
9870000
"""

from bettercare.errors import InputError
from bettercare.extract import extract_file, extract_plan
from bettercare.frameworks import Framework, load_framework
from bettercare.model import Assessment, Plan
from bettercare.pipeline import Assured, assure_file
from bettercare.read import Document, read_file

__version__ = "0.1.0"

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
