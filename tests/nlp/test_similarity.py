from hypothesis import given
from hypothesis import strategies as st

from doleances.nlp.similarity import SimilarityIndex, text_fingerprint

DOCS = {
    1: "Ma box internet est en panne depuis lundi, plus de fibre",
    2: "Facture trop élevée ce mois-ci, double prélèvement",
    3: "Colis jamais livré, le transporteur dit l'avoir déposé",
    4: "MA BOX internet est en PANNE depuis lundi !!! plus de fibre",
    5: "My credit card was charged twice for the same purchase",
}


def _index():
    index = SimilarityIndex()
    index.add(list(DOCS), list(DOCS.values()))
    return index


def test_fingerprint_ignores_case_accents_punctuation_and_digits():
    assert text_fingerprint("Ma box est en PANNE !!!") == text_fingerprint("ma box  est en panne")
    assert text_fingerprint("Facture n°123 élevée") == text_fingerprint("facture n 456 elevee")
    assert text_fingerprint("box en panne") != text_fingerprint("box en marche")
    assert len(text_fingerprint("x")) == 16
    assert text_fingerprint("On XX/XX/XXXX XXXX called") == text_fingerprint("on called")


# No "x": an upper-case "XX" run is a CFPB redaction and is dropped on purpose.
FRENCH = "abcdefghijklmnopqrstuvwyzàâäçéèêëîïôöùûüÿœæ0123456789 .,;:!?'’-()€"


@given(st.text(alphabet=FRENCH + FRENCH.upper(), max_size=80))
def test_fingerprint_invariant_to_case_and_punctuation(text):
    assert text_fingerprint(text) == text_fingerprint(text.upper() + " !!! ")
    assert text_fingerprint(text) == text_fingerprint("  " + text.replace(" ", "   ") + ".")


def test_query_ranks_similar_first():
    index = _index()
    result = index.query("panne de ma box internet, plus de fibre", k=2)
    assert {doc_id for doc_id, _ in result} == {1, 4}
    assert all(0 < score <= 1 for _, score in result)
    assert index.query("charged twice on my credit card", k=1)[0][0] == 5


def test_min_score_exclude_and_empty():
    index = _index()
    assert index.query("fibre", k=10, min_score=0.99) == []
    assert 1 not in [d for d, _ in index.query(DOCS[1], exclude=[1])]
    assert index.query("") == []
    assert SimilarityIndex().query("anything") == []


def test_exact_duplicates():
    index = _index()
    index.add([6], ["ma box internet est en panne depuis lundi plus de fibre"])
    assert index.duplicates_of(DOCS[1]) == [1, 4, 6]
    assert index.duplicate_groups() == [[1, 4, 6]]


def test_remove_and_incremental_add():
    index = _index()
    assert index.remove([4]) == 1
    assert len(index) == 4
    assert 4 not in [d for d, _ in index.query(DOCS[1], k=5)]
    index.add([7], ["Le transporteur a perdu mon colis"])
    assert index.query("colis perdu transporteur", k=1)[0][0] in (3, 7)


def test_save_and_load(tmp_path):
    index = _index()
    index.remove([5])
    index.save(tmp_path / "idx")
    loaded = SimilarityIndex.load(tmp_path / "idx")
    assert loaded.query(DOCS[2], k=1) == index.query(DOCS[2], k=1)
    assert loaded.duplicates_of(DOCS[4]) == [1, 4]
    assert len(loaded) == 4


def test_additions_after_build_go_to_pending_segment():
    index = _index()
    index.query("fibre")  # builds the inverted index
    built = index._csc
    index.add([8, 9], ["Remboursement jamais reçu après résiliation", "Fibre coupée depuis lundi, box en panne"])
    result = index.query("remboursement jamais reçu après la résiliation", k=1)
    assert result[0][0] == 8
    assert index._csc is built  # no full rebuild for a small addition
    assert {d for d, _ in index.query(DOCS[1], k=3)} >= {1, 4}
    index.rebuild()
    assert index.query("remboursement jamais reçu après la résiliation", k=1)[0][0] == 8
