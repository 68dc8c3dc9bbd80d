"""Which language a piece of text is in, as far as the product's own readings go.

The product's checks, cues and drafter read English. Text in another language is told apart
so that what cannot be read is never passed as if it had been: py3langid's bundled model
names the language, and a text counts as foreign only where it also has almost none of
English's commonest words (a rule in English quoting a Japanese term, or an address in
Vietnamese inside an English manual, stays English).
"""

from __future__ import annotations

import re
from functools import cache

import bm25s.stopwords as stopwords
from py3langid.langid import MODEL_FILE, LanguageIdentifier

# English's commonest words, which any English sentence of a few words has some of
_ENGLISH = frozenset(
    [
        "the", "and", "of", "to", "a", "an", "in", "is", "are", "be", "been", "for", "on", "with",
        "not", "no", "may", "must", "will", "by", "or", "at", "from", "as", "any", "it", "this",
        "that", "we", "you", "our", "your", "can", "only", "if", "who", "which", "their", "they",
        "there", "has", "have", "was", "were", "would", "should", "shall", "than", "then", "when",
        "where", "each", "all", "per", "after", "before", "within",
    ]
)  # fmt: skip
_NAMES = {
    "es": "Spanish", "fr": "French", "de": "German", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "fi": "Finnish", "sv": "Swedish", "da": "Danish", "no": "Norwegian",
    "nb": "Norwegian", "pl": "Polish", "tr": "Turkish", "ca": "Catalan", "ro": "Romanian",
    "cs": "Czech", "hu": "Hungarian", "el": "Greek", "ru": "Russian", "uk": "Ukrainian",
    "ar": "Arabic", "he": "Hebrew", "hi": "Hindi", "ja": "Japanese", "ko": "Korean",
    "zh": "Chinese", "vi": "Vietnamese", "id": "Indonesian", "ms": "Malay", "tl": "Tagalog",
    "sw": "Swahili", "af": "Afrikaans",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
_FINNISH = (
    "ja", "on", "ei", "ole", "se", "että", "tai", "kun", "jos", "ovat", "oli", "myös", "vain",
    "sekä", "kuin", "mutta", "eikä", "eivät", "voi", "saa", "tulee", "pitää", "kaikki", "jokainen",
    "asiakas", "asiakkaan",
)  # fmt: skip
# Stop words, the commonest words of a language, by its name in lower case ("spanish"), for the
# languages bm25s lists them for; the keyword index drops them, and they tell languages apart
STOP_WORDS: dict[str, frozenset[str]] = {
    name: frozenset(words)
    for name, words in (
        ("english", stopwords.STOPWORDS_EN),
        ("spanish", stopwords.STOPWORDS_SPANISH),
        ("french", stopwords.STOPWORDS_FRENCH),
        ("german", stopwords.STOPWORDS_GERMAN),
        ("italian", stopwords.STOPWORDS_ITALIAN),
        ("portuguese", stopwords.STOPWORDS_PORTUGUESE),
        ("dutch", stopwords.STOPWORDS_DUTCH),
        ("swedish", stopwords.STOPWORDS_SWEDISH),
        ("danish", stopwords.STOPWORDS_DANISH),
        ("norwegian", stopwords.STOPWORDS_NORWEGIAN),
        ("turkish", stopwords.STOPWORDS_TURKISH),
        ("russian", stopwords.STOPWORDS_RUSSIAN),
    )
}
# ... by the model's language code, with Finnish, which bm25s has no list for
_COMMON: dict[str, frozenset[str]] = {
    code: STOP_WORDS[name.lower()] for code, name in _NAMES.items() if name.lower() in STOP_WORDS
} | {"fi": frozenset(_FINNISH)}


def _share(words: list[str], common: frozenset[str]) -> float:
    return sum(w in common for w in words) / len(words)


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def foreign_language(text: str) -> str | None:
    """The name of the language `text` is written in, where that is not English; None for
    English, and for text too short to tell (fewer than four words) or too bare to tell
    ("Rooms: Standard €90, Superior €120")."""
    words = _WORD.findall(text.lower())
    # four words, or a dozen letters of a script written without spaces (Japanese, Chinese)
    if len(words) < 4 and sum(len(w) for w in words) < 12:
        return None
    english = _share(words, _ENGLISH)
    # where English's common words make a fifth of the text and no other language's outnumber
    # them, neither test below can name another language: the model is not asked (most text)
    if english >= 0.2 and all(_share(words, own) <= english for own in _COMMON.values()):
        return None
    code, probability = _identifier().classify(" ".join(text.split()))
    if code == "en":
        return None
    own = _COMMON.get(code)
    if own is not None:
        # the guessed language's own commonest words outnumber English's: "Annuleren is niet
        # mogelijk in de laatste week" has "is" and "in", and more of Dutch's
        mine = _share(words, own)
        if not (mine > english and (mine >= 0.15 or probability >= 0.9)):
            return None
    elif english >= 0.2 or probability < 0.9:
        return None
    return _NAMES.get(code, f"a language other than English ({code})")
