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
# The commonest words of the languages bm25s lists them for, by the model's language code
_COMMON: dict[str, frozenset[str]] = {
    code: frozenset(words)
    for code, words in (
        ("es", stopwords.STOPWORDS_SPANISH),
        ("fr", stopwords.STOPWORDS_FRENCH),
        ("de", stopwords.STOPWORDS_GERMAN),
        ("it", stopwords.STOPWORDS_ITALIAN),
        ("pt", stopwords.STOPWORDS_PORTUGUESE),
        ("nl", stopwords.STOPWORDS_DUTCH),
        ("sv", stopwords.STOPWORDS_SWEDISH),
        ("da", stopwords.STOPWORDS_DANISH),
        ("no", stopwords.STOPWORDS_NORWEGIAN),
        ("nb", stopwords.STOPWORDS_NORWEGIAN),
        ("tr", stopwords.STOPWORDS_TURKISH),
        ("ru", stopwords.STOPWORDS_RUSSIAN),
        # Finnish, which bm25s has no list for
        ("fi", _FINNISH),
    )
}


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
    code, probability = _identifier().classify(" ".join(text.split()))
    if code == "en":
        return None
    english = sum(w in _ENGLISH for w in words) / len(words)
    own = _COMMON.get(code)
    if own is not None:
        # the guessed language's own commonest words outnumber English's: "Annuleren is niet
        # mogelijk in de laatste week" has "is" and "in", and more of Dutch's
        mine = sum(w in own for w in words) / len(words)
        if not (mine > english and (mine >= 0.15 or probability >= 0.9)):
            return None
    elif english >= 0.2 or probability < 0.9:
        return None
    return _NAMES.get(code, f"a language other than English ({code})")
