"""Is what Alexa heard as a first name plausibly one? (issue 15)

"This is ridiculous" said mid-fight reaches NameIntent as "this is {name}" with "ridiculous" in an
AMAZON.FirstName slot (a built-in slot type passes values outside its list through). Before a
name is stored it is judged:

- `NOT_A_NAME`: not a name at all: digits or symbols, more than three words (Spanish particles
  such as "de", "del", "los" in "María de los Ángeles" do not count), a word from the short lists
  below (feelings, verdicts, words of a quarrel, pronouns, profanity; English and Spanish, accents
  ignored). Nothing is stored and nothing is asked.
- `UNSURE`: shaped like an adjective or an abstract noun ("-ous", "-less", "-able", "-oso",
  "-ísimo", ...) or a single letter: the skill asks "Did you say your name is ...?" first.
- `NAME`: anything else.

The lists are small on purpose: a word that is also a given name (Joy, Hope, Grace, Frank,
Dolores, Soledad, Consuelo, Linda, Clara, Justo, Serena ...) is never in them, so a real name is
at worst confirmed, never refused. No maintained first-name data source ships with the skill's
dependencies (Babel's CLDR has none), so this is a rule and two word lists.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from typing import Final


class Verdict(Enum):
    NAME = "name"
    UNSURE = "unsure"
    NOT_A_NAME = "not_a_name"


MAX_WORDS: Final = 3
PARTICLES: Final = frozenset({"de", "del", "la", "las", "los", "y", "van", "von", "da", "di"})

# Words of a quarrel that are never anyone's first name (accent-free, lower case).
NOT_NAMES: Final = frozenset(
    {
        # English: pronouns and function words "this is ..." runs into
        "this", "that", "it", "me", "him", "her", "them", "us", "you", "we", "a", "an", "the",
        "so", "very", "really", "too", "just", "not", "what", "why", "how", "who", "yes", "no",
        "ok", "okay", "please", "sorry", "stop", "enough", "over", "done", "it's", "insanity",
        # English: verdicts and feelings
        "ridiculous", "crazy", "insane", "stupid", "absurd", "unfair", "unbelievable",
        "impossible", "pathetic", "annoying", "hopeless", "pointless", "useless", "terrible",
        "awful", "horrible", "ludicrous", "outrageous", "unacceptable", "typical", "nonsense",
        "joke", "mess", "disaster", "nightmare", "sick", "tired", "angry", "mad", "upset",
        "sad", "furious", "hurt", "scared", "afraid", "anxious", "frustrated", "overwhelmed",
        "exhausting", "exhausted", "fine", "whatever", "serious", "wrong", "bad", "worse",
        "worst", "hard", "unreal", "nothing", "everything", "again", "always", "never",
        "hell", "going", "getting", "killing", "too much", "lies", "lying", "liar",
        "unbearable", "intolerable", "miserable", "incredible",
        # Spanish: pronouns and function words
        "esto", "eso", "ello", "yo", "tu", "el", "ella", "usted", "ustedes", "una", "un",
        "lo", "muy", "tan", "que", "como", "por", "para", "favor", "si", "ya", "basta",
        "vale", "nada", "todo", "siempre", "nunca", "bien", "mal", "demasiado", "mucho",
        # Spanish: verdicts and feelings
        "ridiculo", "ridicula", "absurdo", "absurda", "increible", "injusto", "injusta",
        "imposible", "inaceptable", "insoportable", "locura", "broma", "desastre", "pesadilla",
        "colmo", "harto", "harta", "cansado", "cansada", "enfadado", "enfadada", "enojado",
        "enojada", "triste", "furioso", "furiosa", "suficiente",
        "mentira", "mentiroso", "mentirosa", "tipico", "tipica", "exagerado", "exagerada",
        "serio", "seria", "grave", "injusticia", "patetico", "patetica", "estupido", "estupida",
        "tonto", "tonta", "loco", "loca", "inutil", "agotador", "agotadora",
    }
)  # fmt: skip
PROFANITY: Final = frozenset(
    {
        "fuck", "fucking", "shit", "bullshit", "damn", "dammit", "crap", "bitch", "bastard",
        "asshole", "ass", "dick", "piss", "idiot", "moron", "jerk", "screw",
        "mierda", "puta", "puto", "joder", "cono", "carajo", "pendejo", "pendeja", "cabron",
        "cabrona", "gilipollas", "idiota", "imbecil", "chingada", "chingado", "verga", "culo",
        "hostia", "capullo", "cojones",
    }
)  # fmt: skip
# Endings of adjectives and abstract nouns, by language; a word of six letters or more with one
# is asked about. (Not "-ish": Ashish, Manish, Satish are common names in India.)
_UNSURE_ENDINGS: Final = {
    "en": re.compile(r"(ous|less|ness|able|ible|ably|ibly|ful|fully|ment)$"),
    "es": re.compile(r"(oso|osa|isimo|isima|mente|able|ible|ado|ido|ada|ida)$"),
}
_LETTERS: Final = re.compile(r"^[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?$")
# Given names that end like an adjective or an abstract noun: never asked about.
_KNOWN: Final = frozenset(
    {"ada", "aida", "ida", "adelaida", "conrado", "amado", "amada", "alfredo", "clarisa"}
)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def judge(value: str | None, locale: str | None = "en-US") -> tuple[Verdict, str | None]:
    """The verdict on a heard first name (already cleaned: pacts.setup.clean_name), and the
    name as it would be stored."""
    endings = _UNSURE_ENDINGS["es" if (locale or "").lower().startswith("es") else "en"]
    name = value.strip() if value else None
    if not name:
        return Verdict.NOT_A_NAME, None
    words = name.split()
    folded = [_fold(word) for word in words]
    content = [word for i, word in enumerate(folded) if i == 0 or word not in PARTICLES]
    if (
        not all(_LETTERS.match(word) for word in words)
        or len(content) > MAX_WORDS
        or any(word in NOT_NAMES or word in PROFANITY for word in content)
        or " ".join(folded) in NOT_NAMES
    ):
        return Verdict.NOT_A_NAME, None
    for word in content:
        if word in _KNOWN:
            continue
        if len(word) == 1 or (len(word) >= 6 and endings.search(word)):
            return Verdict.UNSURE, name
    return Verdict.NAME, name
