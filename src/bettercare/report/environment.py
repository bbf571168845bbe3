"""The one Jinja2 environment of the HTML reports: the package's templates, every value
escaped (document text never becomes markup), undefined names an error."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

TEMPLATES = Environment(
    loader=PackageLoader("bettercare.report", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
