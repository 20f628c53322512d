import copy

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fremdrift.accounts.roles import Role
from fremdrift.instruments.models import InstrumentVersion, VersionStatus
from tests.conftest import login
from tests.factories import UserFactory
from tests.instruments.test_validation import minimal

pytestmark = pytest.mark.django_db


def upload(client, data, name="nyt.yaml"):
    file = SimpleUploadedFile(name, yaml.safe_dump(data, allow_unicode=True).encode())
    return client.post(reverse("instruments:upload"), {"definition": file})


def test_upload_preview_and_publish(odense_admin):
    client = login(odense_admin)
    response = upload(client, minimal())
    version = InstrumentVersion.objects.get()
    assert response.url == reverse("instruments:preview", kwargs={"pk": version.pk})
    preview = client.get(response.url).content.decode()
    assert "Hvor godt taler du dansk?" in preview and "Udgiv til kommunen" in preview
    assert "1 / " in preview or "dansk vises" in preview  # the English coverage is shown
    client.post(reverse("instruments:publish", kwargs={"pk": version.pk}))
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED and version.instrument.municipality_id


def test_a_bad_upload_lists_its_problems_and_saves_nothing(odense_admin):
    bad = copy.deepcopy(minimal())
    bad["sections"][0]["items"][1]["respondents"] = ["employer"]
    response = upload(login(odense_admin), bad, name="forkert.yaml")
    body = response.content.decode()
    assert response.status_code == 400
    assert "forkert.yaml blev afvist" in body
    assert "sections[0].items[1].respondents: ukendt besvarer" in body
    assert not InstrumentVersion.objects.exists()


def test_preview_in_arabic_is_right_to_left_and_marks_missing_translations(odense_admin):
    data = copy.deepcopy(minimal())
    data["languages"].append("ar")
    data["sections"][0]["items"][0]["short"]["ar"] = "الدانماركية"
    client = login(odense_admin)
    url = upload(client, data).url
    body = client.get(url, {"sprog": "ar"}).content.decode()
    assert 'lang="ar" dir="rtl"' in body
    assert "الدانماركية" in body
    assert "mangler oversættelse" in body  # the second item has no Arabic short label


def test_another_municipalitys_draft_is_not_found(odense_admin, holbaek):
    client = login(odense_admin)
    url = upload(client, minimal()).url
    other = UserFactory(username="holbaek-admin", role=Role.ADMINISTRATOR, municipality=holbaek)
    assert login(other).get(url).status_code == 404
