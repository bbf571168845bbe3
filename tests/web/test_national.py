"""Step 3 (web2): the national page and `/api/national` — the core's roll-up of the latest
read version of each area's submission, built from the stored plan and assessment JSON
through `DatabaseSource`; filters by region, round and category; who sees what; and
`bettercare national --from-db` reading the same source."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.national_plans import millbrook
from tests.web.conftest import work

pytestmark = pytest.mark.django_db

# (ONS code, avoided admissions, minimum, total, round) — four real areas in two regions;
# the first has an older version with other money, which must not count.
PLANS = [
    ("E08000012", 400, 9_000_000, 9_500_000, "2014/15"),  # Liverpool, North
    ("E08000011", 250, 7_000_000, 6_500_000, "2014/15"),  # Knowsley: total below minimum
    ("E09000007", 500, 12_000_000, 13_000_000, "2014/15"),  # Camden, London
    ("E09000012", 300, 8_000_000, 8_200_000, "2013/14"),  # Hackney, another round
]


def _plan(code: str, avoided: int, minimum: int, total: int) -> str:
    from bettercare.gazetteer import gazetteer

    council = gazetteer().by_code(code)
    assert council is not None
    return millbrook(
        f"{council.name} Council",
        council.name.split()[0],
        avoided=avoided,
        minimum=minimum,
        total=total,
        council_share=(1_000_000, 1_000_000),
    )


@pytest.fixture
def national_plans(client_for: Any, people: Any, tmp_path: Path) -> dict[str, Any]:
    """The plans above uploaded by an admin for the real areas and read by the worker; an
    assurer and a plan lead of Liverpool; the files written, for the core to roll up too."""
    from bettercare.web.areas import load_areas
    from bettercare.web.models import Area, Version
    from bettercare.web.people import make_user

    load_areas()
    admin = client_for("admin")
    files: dict[str, Path] = {}

    def put(code: str, text: str, round: str) -> None:
        area = Area.objects.get(ons_code=code)
        path = tmp_path / f"{code}-{round.replace('/', '-')}.txt"
        path.write_text(text, encoding="utf-8")
        response = admin.post(
            "/upload/",
            {"area": area.pk, "round": round, "part1": _file(path)},
        )
        assert response.status_code == 302, response.content[:300]
        files[f"{code} {round}"] = path

    put("E08000012", _plan("E08000012", 600, 5_000_000, 5_100_000), "2014/15")  # superseded
    for code, avoided, minimum, total, round in PLANS:
        put(code, _plan(code, avoided, minimum, total), round)
    work()
    assert set(Version.objects.values_list("status", flat=True)) == {"done"}
    liverpool = Area.objects.get(ons_code="E08000012")
    make_user("liverpool_assurer", None, "assurer", [liverpool])
    make_user("liverpool_lead", None, "lead", [liverpool])
    return files


def _file(path: Path) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(path.name, path.read_bytes())


def _core_rollup(paths: list[Path]) -> Any:
    """The roll-up the core makes of the same plans read from their files."""
    import datetime as dt

    from bettercare.frameworks import DEFAULT_FRAMEWORK, load_framework
    from bettercare.national.entry import plan_entry
    from bettercare.national.rollup import build_rollup
    from bettercare.pipeline import assure_file

    today = dt.date.today()
    entries = [plan_entry(assure_file(p, on=today), p.name, "x") for p in paths]
    return build_rollup(entries, load_framework(DEFAULT_FRAMEWORK), today)


SAME = ("plans", "areas_covered", "by_category", "by_region", "money", "contributions", "risks")


def test_figures_equal_the_cores_rollup_of_the_same_plans(
    client_for: Any, national_plans: dict[str, Any]
) -> None:
    client = client_for("national")
    body = client.get("/api/national").json()
    assert body["filters"]["round"] == "2014/15"  # the latest round by default
    latest = [national_plans[f"{code} 2014/15"] for code, *_ in PLANS[:3]]
    core = _core_rollup(latest).model_dump(mode="json")
    for key in SAME:
        assert body[key] == core[key], key
    assert body["plans"] == 3  # Liverpool's older version is not counted
    for key in ("plans", "below_minimum", "admissions_avoided", "p4p_total"):
        assert body["ambition"][key] == core["ambition"][key], key
    assert body["ambition"]["reduction_percent"] == core["ambition"]["reduction_percent"]
    assert len(body["missing_areas"]) == len(core["missing_areas"]) == 152 - 3
    assert [o["detail"] for o in body["outliers"]["pooled_below_minimum"]] == [
        o["detail"] for o in core["outliers"]["pooled_below_minimum"]
    ]

    html = client.get("/national/").content.decode()
    assert re.search(r'id="n-plans">3<', html)
    money = core["money"][-1]
    assert f"£{money['total']:,}" in html and f"£{money['minimum']:,}" in html
    north = core["by_region"]["North"]
    row = html.split('id="by-region"')[1].split("North</th>")[1].split("</tr>")[0]
    cells = re.findall(r"<td>(\d+)</td>", row)
    assert cells[:3] == [str(north["areas"]), "2", str(north["missing"])]
    assert "Knowsley" in html.split('id="outliers"')[1]  # total below minimum
    assert html.count('<tr><th scope="row">', html.index('id="missing"')) == 149


def test_a_decision_changes_the_national_picture(
    client_for: Any, national_plans: dict[str, Any]
) -> None:
    from bettercare.web.models import Version
    from bettercare.web.national import _ENTRIES

    client = client_for("national")
    before = client.get("/api/national").json()["by_category"]
    camden = Version.objects.get(submission__area__ons_code="E09000007")
    old = camden.category
    new = "Not approved" if old != "Not approved" else "Approved"
    response = client_for("admin").post(
        f"/api/versions/{camden.pk}/category",
        {"category": new, "reason": "moderation", "seq": 0},
        content_type="application/json",
    )
    assert response.status_code == 200
    after = client.get("/api/national").json()["by_category"]
    assert after[new] == before[new] + 1 and after[old] == before[old] - 1
    assert sum(1 for key in _ENTRIES if key == f"version-{camden.pk}") == 1  # one entry kept


def test_filters_by_region_round_and_category(
    client_for: Any, national_plans: dict[str, Any]
) -> None:
    client = client_for("national")

    def rolled(**query: str) -> dict[str, Any]:
        return dict(client.get("/api/national", query).json())

    london = rolled(region="London")
    assert london["plans"] == 1 and london["money"][-1]["total"] == 13_000_000
    assert {m["region"] for m in london["missing_areas"]} == {"London"}
    older = rolled(round="2013/14")
    assert older["plans"] == 1 and older["money"][-1]["minimum"] == 8_000_000
    every = rolled()
    category, count = next((c, n) for c, n in every["by_category"].items() if n)
    assert rolled(category=category)["plans"] == count
    assert rolled(region="Nowhere")["plans"] == 3  # an unknown choice is ignored
    html = client.get("/national/", {"region": "London"}).content.decode()
    assert re.search(r'id="n-plans">1<', html)
    assert '<option value="London" selected>' in html


def test_who_sees_the_national_page(client_for: Any, national_plans: dict[str, Any]) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    anonymous = Client()
    assert anonymous.get("/national/").status_code == 302
    assert "login" in anonymous.get("/national/")["Location"]
    assert anonymous.get("/api/national").status_code == 401
    for name, plans in (("liverpool_assurer", 1), ("liverpool_lead", 1)):
        client = Client()
        client.force_login(get_user_model().objects.get(username=name))
        body = client.get("/api/national").json()
        assert body["plans"] == plans and body["by_region"]["North"]["plans"] == 1
        assert body["missing_areas"] == []  # only their own areas' absence is theirs to see
        html = client.get("/national/").content.decode()
        assert "Camden" not in html and "Knowsley" not in html
    for role, plans in (("national", 3), ("admin", 3), ("lead", 0)):  # Riverton's lead
        assert client_for(role).get("/api/national").json()["plans"] == plans


def test_national_from_db_on_the_command_line(
    national_plans: dict[str, Any], tmp_path: Path, settings: Any
) -> None:
    from bettercare.cli import main

    out = tmp_path / "national.json"
    with pytest.raises(SystemExit) as stopped:
        main(["national", "--from-db", "--round", "2014/15", "--out", str(out)])
    assert stopped.value.code in (0, None)
    rolled = json.loads(out.read_text())
    latest = [national_plans[f"{code} 2014/15"] for code, *_ in PLANS[:3]]
    core = _core_rollup(latest).model_dump(mode="json")
    for key in SAME:
        assert rolled[key] == core[key], key
    assert len(rolled["missing_areas"]) == 149
    assert all("v" in row["file"] for row in rolled["rows"])  # named by area, round, version
