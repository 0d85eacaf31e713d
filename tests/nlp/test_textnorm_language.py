from hypothesis import given
from hypothesis import strategies as st

from doleances.nlp.language import LanguageGuess, detect_language
from doleances.nlp.textnorm import fold, strip_redactions, tokenize


def test_fold_strips_accents_and_apostrophes():
    assert fold("Résiliation J’AI reçu Œuvre") == "resiliation j'ai recu ouvre"


@given(st.text())
def test_fold_preserves_length(text):
    assert len(fold(text)) == len(text)


def test_tokenize_removes_french_elisions():
    assert tokenize("L'opérateur m’a dit qu'il viendrait") == ["operateur", "a", "dit", "il", "viendrait"]


def test_strip_redactions():
    assert strip_redactions("On XX/XX/XXXX XXXX called").split() == ["On", "called"]


def test_detect_french_and_english():
    assert detect_language("Bonjour, je n'ai toujours pas reçu ma commande").code == "fr"
    assert detect_language("I have been charged twice on my account").code == "en"


def test_detect_other_latin_languages():
    assert detect_language("Hola, tengo un problema con mi factura, gracias").code == "es"
    assert detect_language("Ich habe meine Rechnung nicht erhalten, danke").code == "de"
    assert detect_language("Non ho ricevuto la fattura, grazie").code == "it"
    assert detect_language("Não recebi a minha fatura, obrigado").code == "pt"


def test_non_latin_scripts():
    assert detect_language("Я не получил счёт").code == "ru"
    assert detect_language("我没有收到账单").code == "zh"


def test_short_texts_use_strong_words_or_fallback():
    assert detect_language("ok merci").code == "fr"
    assert detect_language("thx").code == "en"
    guess = detect_language("ok")
    assert guess == LanguageGuess("fr", 0.3)
    assert detect_language("ok", fallback="en").code == "en"


def test_undetermined():
    assert detect_language("").code == "und"
    assert detect_language("😡😡 !!!").code == "und"
    assert detect_language("12345").code == "und"


@given(st.text(max_size=300))
def test_detect_language_never_crashes(text):
    guess = detect_language(text)
    assert isinstance(guess.code, str)
    assert 0.0 <= guess.confidence <= 1.0
