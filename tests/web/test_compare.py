"""Step 2 (web2): two versions of one submission compared by the core's `compare`, on the
page and as JSON: a value changed with both sources, findings opened and closed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import RIVERTON, upload, work

pytestmark = pytest.mark.django_db

OLD_TOTAL, NEW_TOTAL = "£10,250,000", "£9,000,000"


@pytest.fixture
def two_versions(client_for: Any, areas: Any, riverton: Any, tmp_path: Any) -> tuple[Any, Any]:
    """Riverton's plan, then a second version where one value (the 2015/16 total) changed."""
    from bettercare.web.models import Version

    text = RIVERTON.read_text(encoding="utf-8")
    assert text.count(OLD_TOTAL) == 1
    changed = text.replace(OLD_TOTAL, NEW_TOTAL).encode("utf-8")
    response = upload(
        client_for("lead"), areas["riverton"], name="riverton-v2.txt", content=changed
    )
    assert response.status_code == 302
    work()
    second = Version.objects.get(submission=riverton.submission, number=2)
    assert second.status == "done", second.error
    (tmp_path / "v1.txt").write_text(text, encoding="utf-8")
    (tmp_path / "v2.txt").write_bytes(changed)
    return riverton, second


def test_two_versions_compared_on_the_page_and_in_the_api(
    client_for: Any, two_versions: tuple[Any, Any], tmp_path: Any
) -> None:
    from bettercare.compare import compare
    from bettercare.pipeline import assure_file

    first, second = two_versions
    client = client_for("assurer")
    page = client.get(f"/versions/{second.pk}/").content.decode()
    link = f"/versions/{first.pk}/compare/{second.pk}/"
    assert f'href="{link}"' in page and "Compare with version 1" in page

    body = client.get(f"/api/versions/{second.pk}/compare/{first.pk}").json()
    assert (body["old_version"], body["new_version"]) == (first.pk, second.pk)  # older first
    assert [(c["field"], c["old"], c["new"]) for c in body["changes"]] == [
        ("Pooled budget total 2015/16", 10250000, 9000000)
    ]
    change = body["changes"][0]
    assert change["old_source"]["line"] == change["new_source"]["line"] == 19
    assert NEW_TOTAL in change["new_source"]["text"] and OLD_TOTAL in change["old_source"]["text"]
    # the same as the core's own comparison of the two files, assessed on the same day
    files = compare(
        assure_file(tmp_path / "v1.txt", on=first.assessed_on),
        assure_file(tmp_path / "v2.txt", on=second.assessed_on),
    ).model_dump(mode="json")
    for key in ("changes", "sections", "findings_opened", "findings_closed", "new_category"):
        assert body[key] == files[key], key
    assert body["findings_opened"]  # the total is now below the minimum

    html = client.get(link).content.decode()
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>", html.split('id="sections"')[0])
    assert rows == ["Pooled budget total 2015/16"]
    assert OLD_TOTAL in html and NEW_TOTAL in html
    assert f'href="/versions/{second.pk}/#L19"' in html
    opened = html.split('id="findings-opened"')[1].split("</ul>")[0]
    for finding in body["findings_opened"]:
        assert finding["id"] in opened


def test_compare_is_refused_across_areas_and_to_other_areas_people(
    client_for: Any, two_versions: tuple[Any, Any], eastbrook: Any
) -> None:
    first, second = two_versions
    national = client_for("national")
    assert national.get(f"/versions/{first.pk}/compare/{eastbrook.pk}/").status_code == 404
    assert national.get(f"/api/versions/{first.pk}/compare/{eastbrook.pk}").status_code == 404
    assert national.get(f"/versions/{first.pk}/compare/{first.pk}/").status_code == 404
    other = client_for("other_lead")
    response = other.get(f"/versions/{first.pk}/compare/{second.pk}/")
    assert response.status_code == 404 and b"Riverton" not in response.content
