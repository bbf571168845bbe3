"""The national picture: every plan of a round rolled up into one set of figures.

Data flows one way: each plan's `Assured` result → a compact `PlanEntry` (`entry`), kept in a
cache keyed by the file's content (`cache`) → the `NationalRollup` (`rollup`) → its tables
(`tables`) → HTML, JSON, CSV and XLSX (`bettercare.report.national_*`). Where the entries come
from is a `PlanSource` (`sources`): a folder of plan files today, the web workspace's database
later — the roll-up never reads files itself.
"""
