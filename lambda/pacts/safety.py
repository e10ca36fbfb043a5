"""Three tiers of safety for every piece of free text the skill hears.

    danger     danger now: violence (hit, slap, shove, grab, choke, throw at, kick, bite),
               restraint (won't let me leave, blocking the door, took my phone, locked in),
               weapons, threats to kill or hurt, destroying things in anger, being afraid of
               the partner, self-harm and suicide intent (with its idioms: "I can't go on",
               "better off without me"), and fear of hurting someone (``kind="others"``).
    uncertain  fear or hurt without an act ("I'm scared", "it hurts", "he's screaming"):
               the skill asks one gentle question, "Are you safe right now?".
    none       everything else, figures of speech included ("this argument is killing me",
               "I could kill for a coffee", "we hit a wall", "I was scared he was leaving me").

English and Spanish are both checked whatever the locale (people switch languages, and a
Spanish sign of danger must not be missed on an English device). Each language's patterns are
written as people say things in it, not translated: "me madreó", "me ha dado una hostia",
"le tengo miedo", "estarían mejor sin mí".

How it reads a phrase: lower case, accents folded (speech-to-text may drop them), English
contractions spelled out ("he's" -> "he is", "won't" -> "will not"). Figures of speech are
then blanked out, so "my feet are killing me" has nothing left to alarm on; then danger is
looked for, then fear or hurt.

This is the one place that decides. SafetyIntent's samples (interaction_models/*.json) exist so
that danger phrasings reach the skill at all (AMAZON.FallbackIntent carries no words); the
free-text slots they carry, every other intent's slot values and every reflection answer are
judged here. Developed against tests/safety/tuning_*.tsv only; tests/safety/heldout_*.tsv was
written first and is the figure that counts (tools/safety_report.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

Tier = Literal["danger", "uncertain", "none"]
Kind = Literal["harm", "others"]
"""What a danger answer speaks to: ``harm`` (violence, threats, fear of the partner, self-harm),
``others`` (the speaker is afraid they will hurt someone)."""

_RANK: Final[dict[Tier, int]] = {"none": 0, "uncertain": 1, "danger": 2}


@dataclass(frozen=True)
class Assessment:
    tier: Tier
    kind: Kind | None = None

    @property
    def danger(self) -> bool:
        return self.tier == "danger"

    @property
    def uncertain(self) -> bool:
        return self.tier == "uncertain"


NONE: Final = Assessment("none")
UNCERTAIN: Final = Assessment("uncertain")
DANGER: Final = Assessment("danger", "harm")
HARM_OTHERS: Final = Assessment("danger", "others")


# --------------------------------------------------------------------------- reading a phrase

_APOSTROPHES: Final = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_CONTRACTIONS: Final = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b|\bcannot\b"), "can not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"\b(he|she|it|that|there|who|what|this|everything|everyone)'s\b"), r"\1 is"),
    (re.compile(r"\bgonna\b"), "going to"),
    (re.compile(r"\bwanna\b"), "want to"),
    (re.compile(r"\bgotta\b"), "got to"),
    (re.compile(r"\bim\b"), "i am"),
    (re.compile(r"\bdont\b"), "do not"),
    (re.compile(r"\bcant\b"), "can not"),
    (re.compile(r"\bwont\b"), "will not"),
)


def normalise(text: str) -> str:
    """Lower case, accents folded, contractions spelled out, punctuation as spaces."""
    folded = unicodedata.normalize("NFD", text.translate(_APOSTROPHES).lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    for pattern, replacement in _CONTRACTIONS:
        folded = pattern.sub(replacement, folded)
    folded = re.sub(r"[^\w' ]+", " ", folded).replace("'s ", " ")
    return " " + " ".join(folded.split()) + " "


class _Lazy:
    """A pattern compiled on its first use, not at import: compiling the detector's patterns
    takes about 45 ms, which a cold start need not pay (a launch or a "yes" carries no words).
    Two threads racing to compile it both get the same pattern; one result is kept."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def sub(self, replacement: str, text: str) -> str:
        return self.compiled.sub(replacement, text)


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


# Who might be doing it: a pronoun or a partner (or "they", said of one person).
_PARTNER_NOUN: Final = _words(
    "husband",
    "wife",
    "partner",
    "boyfriend",
    "girlfriend",
    "fiance",
    "fiancee",
    "spouse",
    "ex",
    "bf",
    "gf",
    "man",
    "missus",
    "hubby",
    "dad",
    "father",
    "mum",
    "mom",
    "son",
    "brother",
)
_SOMEONE: Final = _words(
    "he",
    "she",
    "they",
    "him",
    "her",
    "them",
    rf"my {_PARTNER_NOUN}",
)
# Who it is done to.
_VICTIM: Final = _words(
    "me",
    "us",
    "my (?:face|head|neck|throat|arm|arms|hair|wrist|wrists|body|chest|stomach|back|leg|legs)",
    r"(?:my|our|the) (?:son|daughter|kids?|children|baby|child|boy|girl|dog|cat)",
    "the kids",
)
_OTHER: Final = _words(
    "him",
    "her",
    "them",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "everyone",
    rf"my {_PARTNER_NOUN}",
    r"(?:my|our|the) (?:son|daughter|kids?|children|baby|child)",
)

# --------------------------------------------------------------------------- figures of speech
# Blanked out before anything else is looked for.

_FIGURES_EN: Final = _Lazy(
    "|".join(
        [
            # killing / dying / murder as exaggeration
            r"\b(?:argument|fight|fighting|row|this|it|that|situation|work|job|feet|back|head|"
            r"neck|knees?|kids|heat|waiting|silence|suspense|traffic|commute) (?:is |are |was )?"
            r"(?:really |just |literally )?(?:killing|murdering) (?:me|us)\b(?: that)?",
            r"\b(?!(?:he|she|they|who|husband|wife|partner|boyfriend|girlfriend|"
            r"fiance|fiancee|spouse|ex|man)\b)\w+ (?:is|are|was|were) (?:really |just |"
            r"literally |slowly |honestly )?(?:killing|murdering) (?:me|us)\b",
            r"\byou are killing me\b",
            r"\bmy (?:boss|mum|mom|mother|mother in law|teacher|coach|manager|sister) "
            r"(?:is going to|will|would|is gonna|is) (?:kill|murder|killing) me\b",
            r"\bbe the death of me\b",
            r"\b(?:could|would|will) (?:kill|murder) (?:for|a|an|some)\b",
            r"\bkill (?:for|a|an|some)\b",
            r"\b(?:dying|died|die|dead) (?:to|for|of|laughing|tired|serious|on my feet|inside)\b",
            r"\b(?:nearly|almost) (?:died|had a heart attack)\b",
            r"\bdrop dead gorgeous\b",
            r"\bthis is murder\b",
            r"\bslayed me\b",
            r"\b(?:kill|murder)(?:s|ing)? (?:me|us) (?:for|with|when (?:he|she|they) sees?|"
            r"if i (?!(?:leave|left|go|tell|call|try|ever|report|talk|speak|run|say)\b))",
            r"\b(?:kill|murder|strangle|throttle) (?:him|her|them|you) for\b",
            # hitting and pushing as figures
            r"\bhit (?:a|the) (?:wall|roof|road|sack|spot|jackpot|nail|ground|brakes|bottle|gym|"
            r"shops|hay|books|snooze|button|ceiling|headlines|big time|right note|wrong note)\b",
            r"\bhit(?:ting)? (?:a|the same) (?:roadblock|brick wall|dead end|rough patch|snag)\b",
            r"\bhit (?:it off|home|me hard|us hard|a nerve)\b",
            r"\b(?:news|it|that|reality|this|words) hit me\b",
            r"\bpush(?:es|ed|ing)? (?:my|your|his|her) buttons\b",
            r"\bpush(?:es|ed|ing)? (?:me|us|him|her) away\b",
            r"\bpush(?:es|ed|ing)? (?:me|us) to (?:talk|open|try|do|be|change)\b",
            r"\bshot down\b",
            r"\bthreat(?:en|ens|ened|ening) to (?:leave|break up|divorce|walk out|move out|go|"
            r"quit|call it off|leave me|leave us)\b",
            r"\bblew up at\b",
            r"\bbury the hatchet\b",
            r"\bstab in the (?:heart|back)\b",
            r"\bsmash(?:ing|ed)? it\b",
            r"\bbroke my heart\b",
            r"\b(?:fought|fight|fighting) like cats and dogs\b",
            r"\btrapped in (?:this|the|a|our) (?:pattern|cycle|loop|argument|rut|job|marriage)\b",
            # fear about the relationship, not about a person
            r"\b(?:scared|afraid|terrified|frightened|worried) (?:so|not)\b",
            r"\b(?:scared|afraid|terrified|frightened|worried) (?:to|that i|i) "
            r"(?:bring|tell|say|said|ask|talk|forgot|did|made|was|upset|hurt his|hurt her)\b",
            r"\b(?:scared|afraid|terrified|frightened|worried) (?:that )?(?:we|we are|we will|"
            r"it|this|(?:he|she|they) (?:is|was|will|would|does not|do not|might) "
            r"(?:leav|leave|go|going|walk|stop|not|never|break|cheat|get bored|lose|find|fall|"
            r"(?:does|do|did|will|would) not (?:love|like|care|want|listen|understand|trust|"
            r"forgive|come back|need|notice)))",
            r"\b(?:scared|afraid|terrified|frightened|worried) (?:that )?(?:he|she|they|you) "
            r"(?:does|do|did|will|would|might|may) not (?:love|like|care|want|listen|understand|"
            r"trust|forgive|come back|need|notice|stay|forget)\b",
            r"\b(?:scared|afraid|terrified|frightened|petrified) of (?!(?:him|her|them|my|what|"
            r"he|she|they|being|getting|dying|for|this|his|their)\b)(?:the |a |an )?\w+",
            r"\bafraid (?:that )?(?:i|we) (?:am|are|have|had|can not|could not|will not|do not|"
            r"did not|was|were|must|need|missed)\b(?! going to (?:hurt|hit|kill|harm|snap|lose))",
            r"\b(?:scared|afraid|terrified|frightened|worried) (?:of )?(?:losing|being alone|"
            r"being left|abandonment|commitment|the future|change|conflict|rejection)\b",
            # temper and tears as figures: "she threw a fit", "he's pushing me too far",
            # "I'm choking up", "I feel like screaming"
            r"\b(?:threw|throw|throws|throwing|thrown) (?:a|another|such a|a massive|a big) "
            r"(?:fit|tantrum|wobbly|strop|hissy fit|hissy|tizzy|paddy|party|sickie)\b",
            r"\bpush(?:es|ed|ing)? (?:me|us|it|things) (?:too far|to (?:my|the|our) limits?|"
            r"to breaking point)\b(?! (?:down|into|off|out|over|onto|against|across|through|"
            r"from|and|back)\b)",
            r"\bchok(?:e|es|ed|ing) (?:me )?up\b",
            r"\b(?:i|me) (?:just |really |so )?(?:feel like|want to|wanna|could|could just|"
            r"am about to|want to just) (?:scream|screaming|yell|yelling|shout|shouting|cry|"
            r"crying)\b",
            r"\bi (?:am |feel )?(?:just )?like (?:screaming|yelling|shouting|crying)\b"
            r"(?! at (?:me|us)\b)",
            r"\bhurts? (?:my|his|her) feelings\b",
            r"\bhurt (?:that|by what|when he said|when she said|my feelings)\b",
            r"\bfeelings? (?:are |were |got )?hurt\b",
        ]
    )
)

# Said of a feeling, not an act: blanked like a figure of speech, but the speaker is asked
# "Are you safe right now?" ("I'm feeling suffocated" is often overwhelmed, in India above all;
# "I'm so mad I could kill him" said mid-fight).
_FELT_EN: Final = _Lazy(
    "|".join(
        [
            r"\b(?:i am|i feel|i am feeling|feeling|i felt|i was feeling|i was|i get|i am getting) "
            r"(?:so |really |very |totally |completely |a bit |quite |a little |kind of )?"
            r"(?:suffocated|smothered|suffocating)\b(?! by (?:him|her|them|my)\b)"
            r"(?: (?:in|at|here|with|by|about) (?:this|the|our|my|all) \w+| at home| here)?",
            r"\b(?:mad|angry|furious|pissed|pissed off|annoyed|cross|livid|fuming) (?:that |right "
            r"now |now )?i could (?:just |really |literally )?(?:kill|strangle|murder|throttle) "
            r"(?:him|her|them|you)\b",
        ]
    )
)

_FIGURES_ES: Final = _Lazy(
    "|".join(
        [
            r"\b(?:discusion|pelea|situacion|dolor|espalda|cabeza|trabajo|esto|eso|calor|"
            r"espera|silencio) (?:me |nos )?(?:esta |estan )?(?:matando|mata|matan)\b",
            r"\bme mata (?:de risa|el|la|los|las|este|esta|ese|esa|tanto|lo que)\b",
            r"\bme dan? miedo (?:la|los|las) \w+|\bme dan? miedo el (?!cuando|porque|y\b)\w+",
            r"\btengo miedo (?:a|de) (?:la|los|las) \w+|\btengo miedo del \w+",
            r"\b(?:mi|el|la) (?:jefe|jefa|mama|madre|suegra|profe|profesor|profesora|maestra|"
            r"maestro) (?:me )?(?:va|iba) a matar\b",
            r"\bme (?:muero|moria|morire) (?:de|por)\b",
            r"\b(?:muert[oa]s?) de\b",
            r"\bme tiene(?:n)? muert[oa]\b",
            r"\bmataria por\b",
            r"\bmatar(?:me)? (?:del susto|de risa|de hambre|de un susto|a disgustos)\b",
            r"\b(?:va|iba|van) a matar (?:cuando|si se me|si llego tarde|si no llego|"
            r"por olvidar)\b",
            r"\bme partio el corazon\b",
            r"\bamenaz\w* con (?:irse|dejarme|divorciarse|separarse|terminar|marcharse|"
            r"dejarlo|irse de casa)\b(?! y)",
            r"\bhasta la madre\b",
            r"\bme (?:cae|caes) (?:gordo|gorda|mal)\b",
            r"\b(?:nos )?(?:dimos|damos|topamos|topemos) (?:contra|con) (?:un muro|pared|la pared)",
            r"\b(?:miedo|me da miedo|temo) (?:de |a )?(?:que )?(?:nos separemos|me deje|me dejara|"
            r"se vaya|ya no me quiera|perderl[oa]|terminar|decirle|hablar)\b",
            r"\bduele que\b",
            r"\bno (?:estoy|estaba) segur[oa] (?:de|si|que|cuando|donde)\b",
        ]
    )
)

# --------------------------------------------------------------------------- danger now

_VIOLENT_EN: Final = _words(
    r"hit(?:s|ting)?",
    r"slap(?:s|ped|ping)?",
    r"smack(?:s|ed|ing)?",
    r"shov(?:e|es|ed|ing)",
    r"push(?:es|ed|ing)?",
    r"grab(?:s|bed|bing)?",
    r"chok(?:e|es|ed|ing)",
    r"strangl(?:e|es|ed|ing)",
    r"throttl(?:e|es|ed|ing)",
    r"suffocat(?:e|es|ed|ing)",
    r"kick(?:s|ed|ing)?",
    r"bit(?:e|es|ten|ing)?",
    r"punch(?:es|ed|ing)?",
    r"beat(?:s|en|ing)?(?: up)?",
    r"batter(?:s|ed|ing)?",
    r"attack(?:s|ed|ing)?",
    r"hurt(?:s|ing)?",
    r"harm(?:s|ed|ing)?",
    r"injur(?:e|es|ed|ing)",
    r"belt(?:s|ed|ing)?",
    r"lamp(?:s|ed|ing)?",
    r"thump(?:s|ed|ing)?",
    r"wallop(?:s|ed|ing)?",
    r"whack(?:s|ed|ing)?",
    r"bash(?:es|ed|ing)?",
    r"drag(?:s|ged|ging)?",
    r"pin(?:s|ned|ning)?(?: down)?",
    r"burn(?:s|ed|t|ing)?",
    r"scratch(?:es|ed|ing)?",
    r"spit(?:s|ting)? on|spat on",
    r"rap(?:e|es|ed|ing)",
    r"forc(?:e|es|ed|ing)",
    r"abus(?:e|es|ed|ing)",
    r"stab(?:s|bed|bing)?",
    r"shoot(?:s|ing)?|shot",
    r"kill(?:s|ed|ing)?",
    r"murder(?:s|ed|ing)?",
    r"run (?:me|us) over|ran (?:me|us) over",
    r"hold(?:s|ing)? (?:me|us) down|held (?:me|us) down",
)
_DANGER_EN: Final = _Lazy(
    "|".join(
        [
            # violence done to the speaker (or the children): "he hit me", "she's choking me"
            rf"\b{_VIOLENT_EN} {_VICTIM}\b",
            rf"\b{_VIOLENT_EN} (?:\w+ )?(?:at|into|against|down|across|around|to the) "
            r"(?:me|us|the wall|the floor|the ground|the door|my head)\b",
            rf"\b(?:tried|trying|tries|try|going|about) to {_VIOLENT_EN}\b(?! myself)",
            r"\b(?:hands|hand|fingers|arm) (?:around|round|on|over) my (?:neck|throat|mouth)\b",
            r"\b(?:pillow|hand|bag) over my (?:face|mouth|head)\b",
            r"\bby (?:my|the) (?:hair|throat|neck|arm|wrist)\b",
            r"\b(?:put|puts|putting|laid|lays|lay) (?:his|her|their) hands on (?:me|us)\b",
            r"\b(?:fist|hand|foot|head) through (?:the|a|my) (?:window|wall|door)\b",
            r"\b(?:choking|strangling|strangled|choked|throttled|smothered|suffocated)\b",
            r"\bbeat(?:s|ing|en)? (?:me )?up\b",
            r"\b(?:beat|kicked|knocked|beating|kicking) (?:the \w+ |\w+ )?out of (?:me|us)\b",
            r"\bknock(?:s|ed|ing)? (?:me|us) (?:out|down|over|unconscious)\b",
            r"\b(?:gave|give|gives|giving) (?:me|us) (?:a |another )?(?:slap|punch|kick|beating|"
            r"smack|thump|black eye|hiding|whack|clip|backhand)\b",
            r"\bbeaten\b",
            r"\b(?:attacking|abusing|abusive|abused|assaulted|assaulting|battering)\b",
            r"\b(?:got|get|getting|gets) (?:bashed|beaten|beaten up|hit|punched|attacked|choked|"
            r"strangled|slapped|kicked|stabbed|shot)\b",
            r"\bbeing (?:attacked|hit|hurt|beaten|abused|threatened|strangled|choked|held down|"
            r"kept here|locked in|stalked|raped|assaulted)\b",
            r"\bhelp (?:me )?(?:he|she|they) is\b",
            # throwing and destroying in anger
            r"\bthrow(?:s|ing|n)? (?:things|stuff|plates|dishes|glasses|furniture|chairs|"
            r"everything|\w+ at)\b",
            r"\bthrew (?:a|the|my|his|her|things|stuff|plates|dishes|\w+ at|\w+ \w+ at)\b",
            r"\b(?:smash|smashing|smashed|smashes|break|breaking|broke|breaks|destroy|destroying|"
            r"destroyed|destroys|wreck|wrecking|wrecked|trash|trashing|trashed) (?:all |up )?"
            r"(?:everything|things|stuff|my|the|our|his|her|plates|dishes|furniture|windows?)\b",
            r"\b(?:punched|kicked|smashed) (?:a hole|holes|in the|the) ?(?:in )?(?:the )?"
            r"(?:wall|door|window)s?\b",
            r"\bbroke (?:the )?(?:door|window) down\b",
            # restraint
            r"\b(?:will not|would not|does not|did not|do not|not|never|wont) let (?:me|us) "
            r"(?:leave|go|out|get out|escape|outside|call|have my phone)\b",
            r"\b(?:blocking|blocks|blocked|standing in) (?:in front of )?(?:the|my) "
            r"(?:door|doorway|way|exit|stairs)\b",
            r"\bin front of the door\b",
            r"\blocked (?:me )?(?:in|out|up)\b|\blocked me\b",
            r"\b(?:took|take|takes|taken|taking|smashed|broke|hid|hides|grabbed|threw) "
            r"(?:away )?(?:my|the) (?:phone|mobile|cell|keys|car keys|passport|wallet)\b",
            r"\b(?:took|takes|taken|taking) my (?:phone|mobile|keys|car keys) away\b",
            r"\bnot (?:give|let me have|hand) (?:me )?(?:back )?my (?:phone|mobile|cell|keys|"
            r"car keys|passport)\b",
            r"\b(?:trapped|cornered) (?:me|us)\b",
            r"\b(?:got|has|have) (?:me|us) (?:trapped|cornered)\b",
            r"\btrapped in (?:the|a|my|our|this) (?:room|kitchen|house|bathroom|bedroom|car|"
            r"flat|apartment|basement|garage)\b",
            r"\b(?:can not|could not) (?:get out|leave|escape)\b",
            r"\bholding me (?:down|here|hostage)\b",
            # weapons
            r"\b(?:gun|guns|knife|knives|pistol|rifle|shotgun|weapon|weapons|machete|blade|"
            r"firearm|revolver)\b",
            r"\bwith (?:a|the|his|her) (?:bat|hammer|belt|bottle|brick|crowbar|stick|golf club|"
            r"baseball bat|cricket bat|iron)\b",
            # threats
            r"\bthreat(?:en|ens|ened|ening)? (?:to |me|us|the kids|my)\b",
            r"\bthreatening\b",
            rf"\b(?:{_SOMEONE}) (?:is |are |was |were )?(?:going to|gonna|will|would|might|is "
            r"about to) (?:kill|hurt|stab|shoot|hit|beat|strangle|choke|murder|harm) "
            rf"{_VICTIM}\b",
            r"\b(?:going to|will|would|gonna) (?:kill|murder|stab|shoot) (?:me|us)\b",
            # fear of the partner, or fear of being hurt
            rf"\b(?:scared|afraid|terrified|frightened|fear|petrified) (?:of (?:{_SOMEONE}|what "
            r"(?:he|she|they) (?:will|would|might|is going to|could) do)|for my life)\b",
            rf"\b(?:scared|afraid|terrified|frightened|petrified) (?:that )?{_SOMEONE} "
            r"(?:is |are )?(?:going to |will |would |might |is about to )?"
            r"(?:hurt|hit|kill|beat|attack|strangle|choke|harm|come back|get me)\b",
            # the safe phrase and its kin
            r"\b(?:not|never) (?:feel |feeling |am |being )?safe\b",
            r"\bunsafe\b",
            r"\bin danger\b",
            r"\bdangerous\b",
            # self-harm and suicide
            r"\b(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|cuts|cutting up) myself\b",
            r"\bsuicid\w*\b",
            r"\bself harm\w*\b|\bself-harm\w*\b",
            r"\b(?:want|wants|wanted|going|ready|wish i could|like) to die\b|\bwanna die\b",
            r"\bwish i (?:was|were) dead\b|\bwish i could (?:go to sleep and )?never wake up\b",
            r"\bnever wake up\b",
            r"\bend(?:ing)? (?:it all|it tonight|my life|things|it now|everything|it)\b",
            r"\bcan not (?:go on|keep going|carry on|live like this)\b",
            r"\bbetter off (?:without me|if i (?:was|were|am) (?:gone|dead|not here))\b",
            r"\bbetter off dead\b",
            r"\b(?:do not|does not) want to (?:be here|be alive|live|exist|wake up|be around)\b",
            r"\bno (?:point|reason) (?:in )?(?:living|going on|being alive|to live)\b",
            r"\b(?:take|took|taking|swallow|swallowed|swallowing|saving|saved|stockpiling) "
            r"(?:up )?(?:all |a bunch of |a handful of |the whole bottle of )?"
            r"(?:my |the |of my |those |these )?(?:pills|tablets|meds|medication|sleeping pills)\b",
            r"\boverdos\w*\b",
            r"\btop myself\b",
            r"\bjump(?:ing)? (?:off|in front of)\b",
            r"\bdisappear forever\b",
            r"\b(?:nobody|no one|none of them) would (?:even )?(?:miss|notice|care)(?: me)? if i "
            r"(?:died|was gone|were gone|disappeared|was dead|were dead)\b",
            r"\b(?:want|need) (?:it|everything|it all|all of it|the pain) to (?:stop|end) "
            r"(?:forever|for good|permanently)\b",
            r"\b(?:pills|tablets) in my hand\b|\b(?:holding|got|have) (?:a |the )?(?:rope|razor|"
            r"razor blade|noose)\b",
        ]
    )
)

# The speaker may hurt someone: its own answer.
_OTHERS_EN: Final = _Lazy(
    "|".join(
        [
            r"\bi (?:am |feel like i am |feel like i |think i |might |may |could |will |would |"
            r"want to |am going to |am about to |am gonna |am scared i will |am afraid i will |"
            r"am scared i am going to |am afraid i am going to |am scared i might |"
            r"am afraid i might |feel like i could |could really |might really |am going to snap "
            r"and |am about to snap and |will snap and )+(?:really )?"
            r"(?:hit|hurt|kill|strangle|punch|stab|shoot|beat|attack|harm|slap|choke) "
            rf"(?:{_OTHER})\b",
            r"\b(?:scared|afraid|terrified|frightened|worried) (?:that )?i (?:will|am going to|"
            r"might|could|would) (?:lose it and |snap and )?(?:hurt|hit|kill|harm|attack|"
            r"lose control)",
            r"\b(?:lose it|lose control|snap) and (?:hurt|hit|kill|harm|attack)\b",
            r"\b(?:scared|afraid|terrified) of what i (?:will|might|could) do\b",
            r"\bsnap and (?:hurt|hit|kill)\b",
        ]
    )
)

_VIOLENT_ES: Final = _words(
    r"peg\w*",
    r"golpe\w*",
    r"madre[oa]\w*",
    r"cachete\w*",
    r"abofete\w*",
    r"empuj\w*",
    r"avent\w*",
    r"pate\w*",
    r"mord\w*|muerd\w*",
    r"ahorc\w*",
    r"estrangul\w*",
    r"asfixi\w*",
    r"lastim\w*",
    r"maltrat\w*",
    r"arrastr\w*",
    r"jal[oa]\w*",
    r"zarande\w*",
    r"sacud\w*",
    r"agred\w*",
    r"quem\w*",
    r"viol[oa]\w*",
    r"encerr\w*",
    r"apuñal\w*|apunal\w*",
    r"dispar\w*",
    r"rasgu\w*",  # "me rasguñó"
    r"aran(?:o|a|aba|ado|ando|azo)\b",  # "me arañó"
)
_BLOW_ES: Final = _words(
    "cachetada",
    "bofetada",
    "paliza",
    "patada",
    "punetazo",
    "golpe",
    "golpiza",
    "hostia",
    "ostia",
    "torta",
    "guantazo",
    "madriza",
    "chinga",
    "putiza",
    "trompada",
    "cachetadas",
    "bofetadas",
    "patadas",
    "punetazos",
    "golpes",
    "hostias",
    "tortas",
    "empujon",
    "cabezazo",
    "codazo",
)
_PARTNER_ES: Final = _words(
    "el",
    "ella",
    "mi pareja",
    "mi esposo",
    "mi esposa",
    "mi marido",
    "mi mujer",
    "mi novio",
    "mi novia",
    "mi ex",
    "mi hombre",
    "este hombre",
    "esta mujer",
)

_DANGER_ES: Final = _Lazy(
    "|".join(
        [
            # violence done to the speaker: "me pegó", "me está ahorcando", "me ha empujado"
            r"\bme (?:ha |han |esta |estan |estaba |acaba de |acaban de |sigue |volvio a |"
            rf"quiere |quiso |intento |trato de )?{_VIOLENT_ES}",
            rf"\b(?:{_PARTNER_ES}) (?:me )?(?:\w+ )?{_VIOLENT_ES}",
            r"\b(?:dio|dado|da|dan|daba|metio|pego|solto|dar) (?:un |una |unos |unas )?"
            rf"{_BLOW_ES}\b",
            r"\bme (?:agarro|agarra|apreto|aprieta|tomo|cogio|coge|tiene agarrad[oa]) "
            r"(?:del|de la|por el|por la|el|la) (?:cuello|garganta|pelo|cabello|brazo|brazos|"
            r"munecas?)\b",
            r"\b(?:las )?manos (?:en|alrededor de) (?:mi|el) (?:cuello|garganta)\b",
            r"\bme (?:esta |estaba |ha |sigue )?(?:apretando|apretado|agarrando|agarrado|"
            r"tomando|jalando|sujetando) (?:del|de la|por el|por la|el|la) (?:cuello|garganta|"
            r"pelo|cabello)\b",
            r"\bme (?:tiene|tienen|tenia|agarra|sujeta|sujeto) (?:agarrad[oa] |sujet[oa] )?"
            r"(?:del|de la|por el|por la) (?:cuello|garganta|pelo|cabello)\b",
            r"\bme (?:tiro|tira|tiraba|aviento|avienta|lanzo|lanza|arrojo|arroja|esta tirando|"
            r"esta aventando|esta lanzando|ha tirado|ha lanzado) (?:un|una|el|la|los|las|cosas)\b",
            r"\b(?:tirando|aventando|lanzando|avienta|tira|tiro|rompe|rompiendo|rompio|ha roto|"
            r"destrozando|destrozo|destroza|ha destrozado|destruyendo|destruyo|quebrando|quebro) "
            r"(?:todo|todas|cosas|las cosas|mis cosas|los platos|platos|la puerta|la casa|"
            r"los muebles|objetos|la ventana)\b",
            r"\ba (?:golpes|patadas|punetazos|empujones|jalones|cachetadas|bofetadas)\b",
            r"\bme (?:dejo|ha dejado|hizo|ha hecho) (?:un |unos |una |unas )?(?:moreton|moretones|"
            r"moraton|moratones|cardenal|cardenales|marcas?|el ojo morado)\b",
            r"\bme (?:ha |han |esta |estan |estaba )?(?:hecho|hizo|hace|haciendo) dano\b",
            r"\bme tiene(?:n)? agarrad[oa]\b|\bno me suelta\b",
            r"\b(?:me|nos) mata\b",
            # restraint
            r"\bno (?:me |nos )?(?:deja|dejan|dejaba|quiere dejar|va a dejar) "
            r"(?:salir|irme|ir|irnos|escapar|llamar|usar el telefono)\b",
            r"\b(?:bloqueando|bloquea|tapando|tapa|cerrando) (?:la|el) (?:puerta|salida|paso)\b",
            r"\bme (?:encerro|encierra|ha encerrado|tiene encerrad[oa]|tienen encerrad[oa])\b",
            r"\bencerrad[oa]\b",
            r"\b(?:quito|quita|ha quitado|quitaron|escondio|rompio|ha roto|agarro) "
            r"(?:el|mi|los|las|mis) (?:celular|telefono|movil|llaves|cel)\b",
            r"\bsecuestr\w*\b",
            # weapons
            r"\b(?:pistola|pistolas|cuchillo|cuchillos|navaja|escopeta|rifle|machete|revolver|"
            r"fusca)\b",
            r"\b(?:un|una|el|las|los|su|sus|tiene|con|saco|agarro) armas?\b|\barmas? de fuego\b",
            # threats
            r"\bamenaz\w*\b",
            r"\b(?:va|iba|van|voy|vas) a (?:matar|matarme|matarnos|lastimar|hacer dano|pegar)"
            r"(?:me|nos)?\b",
            r"\bme (?:va|iba|van) a (?:matar|pegar|golpear|lastimar|hacer dano|madrear)\b",
            r"\b(?:matarme|matarnos|hacerme dano|lastimarme|golpearme|pegarme)\b",
            # fear of the partner or of being hurt
            rf"\b(?:le )?tengo (?:mucho )?miedo (?:a|de) (?:{_PARTNER_ES})\b",
            r"\ble tengo (?:mucho )?miedo\b",
            rf"\bme da (?:mucho )?miedo (?:{_PARTNER_ES})\b",
            r"\bmiedo (?:de |a )?que me (?:pegue|golpee|mate|lastime|haga dano|haga algo|"
            r"vuelva a pegar|ahorque|encierre)\b",
            r"\b(?:temo|miedo) por mi vida\b",
            r"\bmiedo (?:de |a )?lo que (?:el |ella )?me (?:pueda|puede|vaya a|va a|podria|"
            r"haga)\b",
            # a cry for help
            r"\b(?:auxilio|socorro)\b",
            r"\b(?:llama|llamen|llame|llamar|marca|marquen) (?:a )?(?:la )?(?:policia|patrulla|"
            r"guardia civil|al 911|al 112|al 091|emergencias)\b",
            # the safe phrase and its kin
            r"\bno (?:me siento|me sentia|nos sentimos) (?:a salvo|segur[oa]s?)\b",
            r"\bno (?:estoy|estamos|estaba) (?:a salvo|segur[oa]s? (?:en (?:casa|mi casa|esta "
            r"casa)|aqui|con (?:el|ella|mi pareja)))\b",
            r"\b(?:estoy|estamos) en peligro\b",
            r"\bpeligro\b",
            # self-harm and suicide
            r"\bme quiero morir\b|\bquiero morir(?:me)?\b|\bme voy a morir\b",
            r"\b(?:quiero|voy a|pienso|pensando en|ganas de) (?:matarme|suicidarme|"
            r"quitarme la vida|desaparecer(?! (?:un|unos|unas|una|por un)\b)|morirme|"
            r"acabar con (?:todo|mi vida))\b",
            r"\bme (?:voy a|quiero) (?:matar|suicidar|quitar la vida|quitar de en medio)\b",
            r"\bsuicid\w*\b",
            r"\bquitarme la vida\b",
            r"\b(?:acabar|terminar) con (?:todo|mi vida|esto de una vez)\b",
            r"\bno quiero (?:vivir|seguir viviendo|seguir|estar aqui|estar viv[oa]|despertar)\b",
            r"\b(?:estarian|estarias|estaria|estarán|estara|vivirian|seria) (?:todos )?"
            r"mejor (?:sin mi|muert[oa])\b",
            r"\bmejor (?:muert[oa]|sin mi)\b",
            r"\b(?:tomar|tomarme|tragarme|tome|me tome|me tomo|me trague|juntando) "
            r"(?:todas )?(?:las|mis|unas|esas) (?:pastillas|pildoras|medicinas|pastis)\b",
            r"\bme (?:corto|estoy cortando|he cortado|lastimo a mi mism[oa])\b",
            r"\bcortarme\b|\bhacerme dano\b|\bautolesi\w*\b",
            r"\bme (?:voy a|quiero|estoy por|tengo ganas de) (?:hacer dano|lastimar|cortar"
            r"(?! (?:el|la|los|las|un|una|unos|unas|mis?|tus?|sus?|con|de)\b)|cortar las venas)",
            r"\bcortar(?:me)? las venas\b",
            r"\b(?:aventarme|tirarme|lanzarme|me (?:voy a|quiero) (?:aventar|tirar|lanzar)) "
            r"(?:del|de un|de una|de la|desde el|desde la|desde un|por la|al|a las) "
            r"(?:puente|edificio|azotea|balcon|ventana|tren|metro|vias|precipicio)\b",
            r"\b(?:pastillas|pildoras) en la mano\b",
            r"\bno puedo mas con (?:mi vida|la vida|esto de vivir)\b",
            r"\bno le veo sentido a (?:la vida|vivir|nada)\b",
            # wishing, said in the conditional or with "ojalá": "preferiría estar muerta",
            # "ojalá no despertara", "desearía no haber nacido", "mejor me muero"
            r"\b(?:preferiria|prefiero|quisiera|quiero|desearia|deseo|ojala|seria mejor|"
            r"mejor) (?:estar muert[oa]s?|morir(?:me)?|no (?:despertar(?:me)?|despertara|"
            r"despierte|haber nacido|hubiera nacido|existir|existiera|seguir viviendo|estar "
            r"(?:aqui|viv[oa]))|desaparecer(?! (?:un|unos|unas|una|por un)\b)|me muriera|"
            r"me muera|me muero)\b",
            r"\bno haber nacido\b|\bno (?:despertar(?:me)?|despertara|despierte) (?:nunca|mas|"
            r"jamas|manana)\b|\bno seguir viviendo\b",
            r"\b(?:estaria|estariamos|estarian|estarias|seria|serian) (?:todos )?mejor "
            r"(?:muert[oa]s?|sin mi|si (?:yo )?no (?:estuviera|existiera))\b",
            r"\b(?:seria|estaria) mejor no (?:estar|existir|vivir) ?$",
            r"\b(?:mejor|quiero|ojala) que (?:yo )?no (?:existiera|estuviera|hubiera nacido) ?$",
            r"\b(?:mejor|nadie|todos|extranaria|importaria|notaria)\b(?: \w+){0,5} si (?:yo )?"
            r"(?:me muero|me muriera|me muera|no estuviera|ya no estuviera|desapareciera|"
            r"no existiera)\b",
            r"\b(?:irme|ir|me quiero ir|me voy a ir) de este mundo\b",
        ]
    )
)

_OTHERS_ES: Final = _Lazy(
    "|".join(
        [
            r"\b(?:miedo de|me da miedo|temo|siento que|creo que|a lo mejor|capaz que) "
            r"(?:\w+ )?(?:hacerle dano|lastimar\w*|pegarle|matarl[oa]|le voy a (?:pegar|hacer|"
            r"matar|romper)|la voy a|lo voy a|hacer dano)",
            r"\b(?:le|la|lo) voy a (?:pegar|matar|hacer dano|lastimar|ahorcar|golpear|partir)\b",
            r"\b(?:le|te) voy a romper la (?:cara|boca|madre|crisma)\b",
            r"\b(?:hacerle|hacer) dano a (?:alguien|el|ella|mi pareja|los ninos)\b",
            r"\b(?:quiero|voy a|ganas de) (?:pegarle|golpearl[oa]|matarl[oa]|lastimarl[oa]|"
            r"ahorcarl[oa]|hacerle dano)\b",
        ]
    )
)

# --------------------------------------------------------------------------- uncertain

_UNCERTAIN_EN: Final = _Lazy(
    "|".join(
        [
            r"\b(?:scared|afraid|frightened|terrified|petrified|fearful|panicking|panicked|"
            r"frighten\w*|scary)\b",
            r"\bbricking it\b",
            r"\b(?:shaking|trembling)\b",
            r"\b(?:it |this |everything |that )?hurts\b",
            r"\b(?:i am|i feel|i am so|i am really) (?:really |so )?hurt(?:ing)?\b",
            r"\bin (?:so much )?pain\b",
            r"\b(?:he|she|they|my \w+) (?:is|are|was|were|keeps|keep|will not stop|"
            r"does not stop|just|started|starts) (?:really |so |still |all )?"
            r"(?:screaming|yelling|shouting|raging|furious|angry|mad|aggressive|violent|"
            r"out of control|losing it|losing (?:his|her|their) temper|drunk|high|in a rage|"
            r"going crazy|going mental|kicking off)\b",
            r"\b(?:screaming|yelling|shouting|raging) at (?:me|us|each other)\b",
            r"\b(?:screaming|yelling|shouting)\b",
            r"\bwill not stop (?:yelling|screaming|shouting)\b",
            r"\bslamm(?:ing|ed) (?:the )?doors?\b",
            r"\bin a rage\b",
            r"\bnervous about what\b",
            r"\bwhat (?:he|she|they) (?:is going to|will|might) do\b",
        ]
    )
)

_UNCERTAIN_ES: Final = _Lazy(
    "|".join(
        [
            r"\bmiedo\b",
            r"\b(?:asustad[oa]|aterrad[oa]|aterrorizad[oa]|espantad[oa]|panico)\b",
            r"\b(?:temblando|tiemblo)\b",
            r"\bme duele\b|\bduele mucho\b|\bme esta doliendo\b",
            r"\b(?:me )?(?:esta |estan |sigue |no para de |no deja de )?"
            r"(?:gritando|grita|gritan)\b",
            r"\b(?:esta|anda|se puso|se pone) (?:muy |bien |super )?(?:enojad[oa]|furios[oa]|"
            r"enfadad[oa]|cabread[oa]|como loc[oa]|fuera de control|borrach[oa]|agresiv[oa]|"
            r"violent[oa]|pedo|drogad[oa])\b",
            r"\bportazos\b",
            r"\bno se que (?:va|vaya) a hacer\b",
        ]
    )
)


def _blank(pattern: _Lazy, text: str) -> str:
    return pattern.sub(" _ ", text)


def assess(text: str | None) -> Assessment:
    """The tier of one piece of free text (anything the skill heard)."""
    if not text or not text.strip():
        return NONE
    said = normalise(text)
    felt = bool(_FELT_EN.search(said))
    plain = _blank(_FIGURES_ES, _blank(_FIGURES_EN, _blank(_FELT_EN, said)))
    others = bool(_OTHERS_EN.search(plain) or _OTHERS_ES.search(plain))
    if _DANGER_EN.search(plain) or _DANGER_ES.search(plain):
        return HARM_OTHERS if others and not _harm_to_speaker(plain) else DANGER
    if others:
        return HARM_OTHERS
    if felt or _UNCERTAIN_EN.search(plain) or _UNCERTAIN_ES.search(plain):
        return UNCERTAIN
    return NONE


def _harm_to_speaker(plain: str) -> bool:
    """Someone else is hurting the speaker, or the speaker means to hurt themself."""
    return bool(
        re.search(rf"\b{_VIOLENT_EN} {_VICTIM}\b", plain)
        or re.search(r"\bmyself\b|\bsuicid|\bme (?:pego|golpeo|quiero morir)", plain)
    )


def assess_all(texts: Iterable[str | None]) -> Assessment:
    """The most serious tier among several texts (every slot value of one request)."""
    worst = NONE
    for text in texts:
        found = assess(text)
        if _RANK[found.tier] > _RANK[worst.tier] or (
            found.tier == worst.tier == "danger" and found.kind == "harm"
        ):
            worst = found
    return worst


def mentions_danger(text: str) -> bool:
    """True for danger now (kept for callers that only need yes or no)."""
    return assess(text).danger
