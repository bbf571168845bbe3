"""Random fictional BCF 2014 plans, rendered in many layouts and formats.

`truth` draws a plan's Part 1 plan details and sign-off (the gold answer), `layouts` writes
it the way councils' Word, PDF and web output does, and `render` turns a layout's document
into .txt, .md, .docx (real Word tables) or .pdf (drawn tables or positioned text).
"""

from tests.plangen.layouts import LAYOUTS, Layout, Rendered
from tests.plangen.render import write
from tests.plangen.truth import Truth, make_plan, plans

__all__ = ["LAYOUTS", "Layout", "Rendered", "Truth", "make_plan", "plans", "write"]
