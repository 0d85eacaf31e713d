"""`doleances nlp train|evaluate|analyse`."""

from __future__ import annotations

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from doleances.analysis.models import ComplaintAnalysis
from tests.fixtures.objects import make_complaint

ROWS = [
    ("Ma facture est trop élevée", "Facturation"),
    ("Double prélèvement sur mon compte", "Facturation"),
    ("On m'a facturé deux fois", "Facturation"),
    ("Erreur sur la facture de mars", "Facturation"),
    ("Mon colis n'est jamais arrivé", "Livraison"),
    ("Le livreur a laissé le paquet dehors", "Livraison"),
    ("La livraison a trois semaines de retard", "Livraison"),
    ("Colis abîmé à la réception", "Livraison"),
]


@pytest.fixture
def labelled_csv(tmp_path):
    path = tmp_path / "labelled.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["texte", "categorie"])
        writer.writerows(ROWS)
    return path


def run(*args) -> dict:
    out = StringIO()
    call_command("nlp", *args, stdout=out)
    return json.loads(out.getvalue())


def test_train_from_a_csv_then_evaluate_prints_one_json_object(db, labelled_csv):
    trained = run("train", "--data", str(labelled_csv), "--text-column", "texte", "--label-column", "categorie")
    assert trained["version"] == "v0001"

    result = run("evaluate", "--data", str(labelled_csv), "--text-column", "texte", "--label-column", "categorie")

    assert {"accuracy", "macro_f1", "per_class", "complaints_per_second"} <= set(result)
    assert set(result["per_class"]) == {"Facturation", "Livraison"}
    assert result["n"] == 8
    assert result["model_version"] == "v0001"


def test_evaluate_without_a_model_is_a_clear_error(db, labelled_csv):
    with pytest.raises(CommandError, match="No trained model yet"):
        call_command("nlp", "evaluate", "--data", str(labelled_csv), "--text-column", "texte", "--label-column", "categorie")


def test_a_missing_column_is_a_clear_error_naming_it(db, labelled_csv):
    run("train", "--data", str(labelled_csv), "--text-column", "texte", "--label-column", "categorie")
    with pytest.raises(CommandError, match="has no column 'label'; its columns are: texte, categorie"):
        call_command("nlp", "evaluate", "--data", str(labelled_csv), "--text-column", "texte", "--label-column", "label")


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("nlp", "train", "--data", str(tmp_path / "nope.csv"))


def test_a_file_that_is_not_utf8_is_a_clear_error_and_no_model_is_written(db, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("texte,categorie\nFacture erronée,Facturation\n".encode("latin-1"))
    with pytest.raises(CommandError, match="is not a UTF-8 CSV file"):
        call_command("nlp", "train", "--data", str(path), "--text-column", "texte", "--label-column", "categorie")
    with pytest.raises(CommandError, match="No trained model yet"):
        call_command("nlp", "evaluate", "--data", str(path), "--text-column", "texte", "--label-column", "categorie")


def test_a_single_category_is_a_clear_error_and_no_model_is_written(db, tmp_path, labelled_csv):
    path = tmp_path / "one.csv"
    path.write_text("texte,categorie\n" + "".join(f"{t},Facturation\n" for t, _ in ROWS), encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError, match="Not enough data to train"):
        call_command("nlp", "train", "--data", str(path), "--text-column", "texte", "--label-column", "categorie")
    with pytest.raises(CommandError, match="No trained model yet"):
        call_command("nlp", "evaluate", "--data", str(labelled_csv), "--text-column", "texte", "--label-column", "categorie")


def test_train_from_the_database_without_decisions_is_a_clear_error(db):
    with translation.override("en"), pytest.raises(CommandError, match="Not enough data to train"):
        call_command("nlp", "train")


def test_analyse_missing_then_all(db, categories):
    first = make_complaint(description="Ma facture est fausse.")
    second = make_complaint(subject="Colis perdu", description="Mon colis est perdu.")
    ComplaintAnalysis.objects.all().delete()
    assert run("analyse") == {"analysed": 2}
    assert run("analyse", "--missing") == {"analysed": 0}
    assert run("analyse", "--all", "--batch-size", "1") == {"analysed": 2}
    suggested = dict(ComplaintAnalysis.objects.values_list("complaint_id", "suggested_category__name"))
    assert suggested == {first.pk: "Facturation", second.pk: "Livraison"}
