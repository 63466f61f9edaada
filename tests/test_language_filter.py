"""The offensive-language filter (app/live/language_filter.py): English and French, leetspeak,
accents and elisions caught; place names and ordinary words that contain a bad string left alone;
the operator's word list extends it and their allow-list unblocks a word."""
import pytest

from app.config import ConfigError, load_config
from app.live import language_filter


@pytest.fixture(scope="module")
def matcher():
    return language_filter.build()


@pytest.mark.parametrize("text, word", [
    ("this is shit", "shit"),
    ("what the fuck", "fuck"),
    ("sh1t happens", "shit"),
    ("f*ck that", "fuck"),
    ("s.h.i.t", "shit"),
    ("fuuuuck", "fuck"),
    ("you BITCH", "bitch"),
])
def test_english_and_its_leetspeak_are_caught(matcher, text, word):
    assert word in language_filter.offensive_words(text, matcher)


@pytest.mark.parametrize("text", [
    "quel connard", "c0nnard", "m3rde alors", "c'est de la merde !", "l'enculé", "L'ENCULÉ",
    "espèce d'encule", "bande de connards", "fils de pute", "ta gueule", "putain de bus",
])
def test_french_with_leetspeak_accents_and_elisions_is_caught(matcher, text):
    assert language_filter.offensive_words(text, matcher), text


@pytest.mark.parametrize("text", [
    "Scunthorpe", "Penistone", "Cockermouth", "Clitheroe", "Sussex", "Essex", "Middlesex",
    "My assistant lives in Scunthorpe", "Toute la classe", "Conches-en-Ouche",
    # Bitche, a commune in Moselle: the English list has "bitch", but whole-word matching
    # leaves "Bitche" alone, so it needs no allow-list entry.
    "Bitche", "on se retrouve à Bitche", "je bosse à Bitche",
    # Everyday French the library's own French list would have flagged.
    "la veuve du maire", "on va bosser", "un baiser", "une gerbe de fleurs",
    # Words a youth or family workshop must be able to say (wordlists/allow.txt).
    "sex education at school", "the bus service sucks",
])
def test_place_names_and_ordinary_words_are_not_flagged(matcher, text):
    assert language_filter.offensive_words(text, matcher) == []


def test_empty_and_non_text_are_clean(matcher):
    assert language_filter.offensive_words("", matcher) == []
    assert language_filter.offensive_words("   ", matcher) == []
    assert language_filter.offensive_words(None, matcher) == []


def test_flagged_fields_names_each_field_with_its_words(matcher):
    texts = {"title": "Plus de bancs", "body": "ce parc est de la m3rde", "note": "merci"}
    assert language_filter.flagged_fields(texts, matcher) == {"body": ["merde"]}
    assert language_filter.flagged_fields({"title": "Clean"}, matcher) == {}


def test_the_operator_list_extends_and_the_allow_list_unblocks(tmp_path):
    extra = tmp_path / "extra.txt"
    extra.write_text("# our own\nfrotteur\n\nzgeg\n", encoding="utf-8")
    allow = tmp_path / "allow.txt"
    allow.write_text("merde\n", encoding="utf-8")
    plain = language_filter.build()
    assert language_filter.offensive_words("quel zgeg", plain) == []
    local = language_filter.build(language_filter.read_words(extra), language_filter.read_words(allow))
    assert language_filter.offensive_words("quel zgeg", local) == ["zgeg"]
    assert language_filter.offensive_words("zg3g", local) == ["zgeg"]  # leetspeak applies to them too
    assert language_filter.offensive_words("m3rde", local) == []
    assert language_filter.offensive_words("connard", local) == ["connard"]  # the rest still holds


def test_the_app_reads_the_operator_files_from_its_settings(app, tmp_path):
    extra = tmp_path / "extra.txt"
    extra.write_text("zgeg\n", encoding="utf-8")
    app.config["LANGUAGE_FILTER_WORDS"] = str(extra)
    app.extensions.pop("language_filter", None)
    assert language_filter.offensive_words("quel zgeg") == ["zgeg"]


@pytest.mark.parametrize("name", ["LANGUAGE_FILTER_WORDS", "LANGUAGE_FILTER_ALLOW"])
def test_a_missing_word_list_stops_the_server_with_its_name(tmp_path, monkeypatch, name):
    monkeypatch.setenv(name, str(tmp_path / "nope.txt"))
    with pytest.raises(ConfigError) as caught:
        load_config(str(tmp_path))
    assert name in str(caught.value) and "nope.txt" in str(caught.value)


def test_word_list_settings_load_when_readable(tmp_path, monkeypatch):
    words = tmp_path / "words.txt"
    words.write_text("zgeg\n", encoding="utf-8")
    monkeypatch.setenv("LANGUAGE_FILTER_WORDS", str(words))
    config = load_config(str(tmp_path))
    assert config["LANGUAGE_FILTER_WORDS"] == str(words)
    assert config["LANGUAGE_FILTER_ALLOW"] is None
