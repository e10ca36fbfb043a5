"""Safety numbers per market: emergency, domestic abuse (with text options), suicide and crisis.

The numbers are data here; the words around them are phrases (speech/locales), so each market's
wording sits with its language. A safety answer is one sentence per line, the emergency
number first and alone (how to hear it again, safety.repeat, is the reprompt):

    safety.emergency <number> . [safety.emergency_after]
    safety.dv <number or website> [, safety.dv_text <text number>] . [safety.dv_after]
    safety.crisis <number> [, safety.crisis_text <text number>] . [safety.crisis_after]

`safety.emergency_after`, `safety.dv_after`, `safety.crisis_text` and `safety.crisis_after` are
market-only phrases: a market that uses them defines them (tests check every key resolves).

Each line names its source, checked when written (2026). Re-check them before each release: a
wrong number in this answer is the worst bug this skill can have.

es-US speaks the United States' numbers in Spanish (both lines answer in Spanish).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Final, Literal

from speech.formatting import supported_locale
from speech.ssml import Ssml, to_plain_text

Kind = Literal["emergency", "abuse", "crisis"]
ReadAs = Literal["digits", "telephone", "plain"]
Market = Literal["US", "GB", "CA", "AU", "IN", "ES", "MX"]
AnswerKind = Literal["harm", "others"]


@dataclass(frozen=True)
class Line:
    kind: Kind
    number: str | None  # as people dial it; None when the line is a website
    source: str  # where the number was checked
    read_as: ReadAs = "digits"  # "plain": Alexa reads it as written ("13 11 14")
    text_to: str | None = None  # a number to text (SMS or WhatsApp, as the market's phrase says)
    text_read_as: ReadAs = "digits"
    website: str | None = None  # spoken as written ("sheltersafe.ca")
    after: bool = False  # a market phrase follows the sentence (safety.<kind>_after)

    @property
    def intro_key(self) -> str:
        return {"emergency": "safety.emergency", "abuse": "safety.dv", "crisis": "safety.crisis"}[
            self.kind
        ]

    @property
    def text_key(self) -> str:
        return "safety.dv_text" if self.kind == "abuse" else f"safety.{self.kind}_text"

    @property
    def after_key(self) -> str:
        return "safety.dv_after" if self.kind == "abuse" else f"safety.{self.kind}_after"

    def phrase_keys(self) -> list[str]:
        keys = [self.intro_key]
        if self.text_to:
            keys.append(self.text_key)
        if self.after:
            keys.append(self.after_key)
        return keys

    @property
    def numbers(self) -> list[str]:
        """What a person would dial or type, as it appears in the answer."""
        return [n for n in (self.number, self.text_to, self.website) if n]


LINES: Final[dict[Market, tuple[Line, ...]]] = {
    "US": (
        # https://www.911.gov/ : the emergency number.
        Line("emergency", "911", "https://www.911.gov/"),
        # https://www.thehotline.org/ (and https://espanol.thehotline.org/): National Domestic
        # Violence Hotline, 1-800-799-SAFE (7233), text START to 88788, 24/7, Spanish-speaking
        # advocates (OVC/DOJ: https://ovc.ojp.gov/news/grantee-news/national-domestic-violence-
        # hotline-answers-6-million-contacts ; Texas HHS in Spanish: https://www.hhs.texas.gov/es/
        # servicios/seguridad/programa-contra-la-violencia-familiar).
        Line(
            "abuse",
            "1-800-799-7233",
            "https://www.thehotline.org/",
            read_as="telephone",
            text_to="88788",
        ),
        # https://988lifeline.org/get-help/what-to-expect : 988 Suicide & Crisis Lifeline, call
        # or text 988; Spanish: press 2 when calling, text AYUDA to 988.
        Line("crisis", "988", "https://988lifeline.org/get-help/what-to-expect"),
    ),
    "GB": (
        # 999; if you cannot speak, press 55 when prompted from a mobile (the Silent Solution).
        # https://www.police.uk/pu/contact-us/what-to-do-if-you-cant-speak/ (also
        # https://www.centre56.org.uk/domestic-abuse).
        Line("emergency", "999", "https://www.police.uk/", after=True),
        # https://www.nationaldahelpline.org.uk/ : Refuge's free 24-hour National Domestic Abuse
        # Helpline, 0808 2000 247 (https://refuge.org.uk/news/refuge-responds-to-reports-of-
        # potential-increase-in-domestic-abuse-during-covid-19). No text line; a web form asks
        # for a safe time to call back.
        Line(
            "abuse",
            "0808 2000 247",
            "https://www.nationaldahelpline.org.uk/",
            read_as="telephone",
        ),
        # https://www.samaritans.org/how-we-can-help/contact-samaritan/ : Samaritans, free, 116 123,
        # day or night. Samaritans has no text service (retired 2020); text support is Shout:
        # text SHOUT to 85258 (https://giveusashout.org/ ; https://fullfact.org/online/
        # samaritans-text-message-service/).
        Line(
            "crisis",
            "116 123",
            "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
            read_as="telephone",
            text_to="85258",
        ),
    ),
    "CA": (
        # https://www.justice.gc.ca/eng/cj-jp/fv-vf/help-aide.html : "If you or someone you know
        # is in immediate danger, call 9-1-1."
        Line("emergency", "911", "https://www.justice.gc.ca/eng/cj-jp/fv-vf/help-aide.html"),
        # Canada has no single national domestic-violence phone line; the federal page above
        # points to shelters and victim services. ShelterSafe (Women's Shelters Canada) maps
        # every shelter with its 24-hour crisis line: https://www.sheltersafe.ca/
        Line(
            "abuse",
            None,
            "https://www.sheltersafe.ca/",
            website="sheltersafe.ca",
        ),
        # https://988.ca/ : 9-8-8 Suicide Crisis Helpline, call or text 988, 24/7, English and
        # French, since 30 November 2023 (Government of Canada, https://www.newswire.ca/
        # news-releases/government-of-canada-launches-three-digit-suicide-crisis-helpline-
        # 896472116.html).
        Line("crisis", "988", "https://988.ca/"),
    ),
    "AU": (
        # https://www.triplezero.gov.au/ : Triple Zero (000).
        Line("emergency", "000", "https://www.triplezero.gov.au/"),
        # https://www.1800respect.org.au/ : 1800RESPECT, national domestic, family and sexual
        # violence counselling, 24/7, call 1800 737 732 or text 0458 737 732
        # (https://thedailyaus.com.au/stories/1800-respect-text-messaging/).
        Line(
            "abuse",
            "1800 737 732",
            "https://www.1800respect.org.au/",
            read_as="telephone",
            text_to="0458 737 732",
            text_read_as="telephone",
        ),
        # https://www.lifeline.org.au/ : Lifeline, 13 11 14, text 0477 13 11 14, 24/7
        # (https://lifeinmind.org.au/news/lifelines-crisis-text-service-now-available-24-7).
        # "13 11 14" is said "thirteen eleven fourteen": read as written.
        Line(
            "crisis",
            "13 11 14",
            "https://www.lifeline.org.au/",
            read_as="plain",
            text_to="0477 13 11 14",
            text_read_as="telephone",
        ),
    ),
    "IN": (
        # https://112.gov.in/ : Emergency Response Support System, 112 (police, fire, ambulance).
        Line("emergency", "112", "https://112.gov.in/"),
        # Women Helpline 181, 24/7, run with the One Stop Centres (Ministry of Women and Child
        # Development, https://wcd.gov.in/ ; in Parliament, December 2025:
        # https://www.lokmattimes.com/technology/over-29-lakh-phone-calls-handled-by-tele-manas-
        # cells-savitri-thakur-2/).
        Line("abuse", "181", "https://wcd.gov.in/"),
        # https://telemanas.mohfw.gov.in/ : Tele MANAS, national tele-mental-health helpline,
        # toll-free 14416 (or 1-800-891-4416), 24/7, 20 languages
        # (https://theshillongtimes.com/2025/02/07/tele-manas-mental-health-helpline-handles-over-
        # 18-1-lakh-calls-centre/).
        Line("crisis", "14416", "https://telemanas.mohfw.gov.in/"),
    ),
    "ES": (
        # https://www.112.es/ : 112, emergencias. The 016 itself says to call 112 in an emergency
        # (https://www.elperiodicoextremadura.com/noticias/extremadura/extremadura-realizan-tres-
        # llamadas-dia-telefono-016_1194873.html).
        Line("emergency", "112", "https://www.112.es/"),
        # https://violenciagenero.igualdad.gob.es/informacionutil/recursos/telefono016/ : 016,
        # violencia contra las mujeres, gratuito, 24 horas, 53 idiomas, WhatsApp 600 000 016; no
        # aparece en la factura, sí en el registro de llamadas del móvil
        # (https://www.europapress.es/epsocial/igualdad/noticia-suben-levemente-consultas-016-
        # primer-semestre-2025-59317-casi-330-diarias-20250807133253.html).
        Line(
            "abuse",
            "016",
            "https://violenciagenero.igualdad.gob.es/",
            text_to="600 000 016",
            text_read_as="telephone",
            after=True,
        ),
        # https://www.sanidad.gob.es/linea024/ : 024, Línea de atención a la conducta suicida,
        # gratuita, 24 horas (https://www.rtve.es/noticias/20220509/sanidad-presenta-telefono-
        # prevencion-suicidio/2347183.shtml).
        Line("crisis", "024", "https://www.sanidad.gob.es/linea024/"),
    ),
    "MX": (
        # https://www.gob.mx/911 : 911, emergencias.
        Line("emergency", "911", "https://www.gob.mx/911"),
        # Línea de las Mujeres, 079 opción 1, Secretaría de las Mujeres, gratuita, 24 horas, desde
        # mayo de 2025 (https://www.jornada.com.mx/2025/11/05/sociedad/039n2soc ;
        # https://www.infobae.com/mexico/2026/02/25/secretaria-de-las-mujeres-atiende-y-da-
        # seguimiento-a-mas-de-3-mil-casos-de-violencia-principalmente-psicologica/). (The Red
        # Nacional de Refugios line, 800 822 4460, could not be confirmed at an official source.)
        Line("abuse", "079", "https://www.gob.mx/mujeres", after=True),
        # https://www.gob.mx/salud/conasama : Línea de la Vida, 800 911 2000, CONASAMA, gratuita,
        # 24 horas (https://www.eluniversal.com.mx/nacion/promueven-la-linea-de-la-vida-tras-
        # presentar-encuesta-sobre-consumo-de-drogas-asi-puedes-pedir-ayuda/).
        Line(
            "crisis",
            "800 911 2000",
            "https://www.gob.mx/salud/conasama",
            read_as="telephone",
        ),
    ),
}

_MARKETS: Final[dict[str, Market]] = {
    "en-US": "US",
    "es-US": "US",
    "en-GB": "GB",
    "en-CA": "CA",
    "en-AU": "AU",
    "en-IN": "IN",
    "es-ES": "ES",
    "es-MX": "MX",
}


def market_of(locale: str | None) -> Market:
    """The country whose numbers a locale's answer gives (anything unknown: the US, the default
    market; the skill is only published in the locales listed here)."""
    return _MARKETS[supported_locale(locale)]


def safety_lines(locale: str | None) -> list[Line]:
    """The lines a locale's safety answer gives, in the order it says them."""
    lines = LINES[market_of(locale)]
    if supported_locale(locale) == "es-US":
        # 988 in Spanish: after the sentence, "press 2 for Spanish" (safety.crisis_after).
        lines = tuple(
            replace(line, after=True) if line.kind == "crisis" else line for line in lines
        )
    return list(lines)


def _say_number(speech: Ssml, number: str, read_as: ReadAs) -> None:
    if read_as == "plain":
        speech.say(number)
    else:
        speech.say_as(number, read_as)


def safety_speech(
    phrase: Callable[[str], str], locale: str | None, kind: AnswerKind = "harm"
) -> Ssml:
    """The whole safety answer for a locale; `phrase` is `Phrases(locale).get`.

    ``harm`` (someone is in danger): the emergency number first and alone in the first
    sentence, then the market's domestic-violence line, then its crisis line, then how to hear
    it again. ``others`` (the speaker is afraid they will hurt someone): leave the room now, the
    emergency number, the crisis line. The reprompt (safety.repeat) says how to hear it again.
    Each stays under MAX_SECONDS of speech: where a market's
    numbers to text would take it over, they are left to the card (card_numbers), which lists
    every number (tests/test_hotlines.py measures every market with estimated_seconds)."""
    speech = _answer(phrase, locale, kind, texts=True)
    if estimated_seconds(to_plain_text(speech.build())) > MAX_SECONDS:
        speech = _answer(phrase, locale, kind, texts=False)
    return speech


def written_answer(phrase: Callable[[str], str], locale: str | None) -> Ssml:
    """The danger answer with every number to text said, for a page people read (the skill's
    store description): no speaking time to keep under."""
    return _answer(phrase, locale, "harm", texts=True)


def _answer(
    phrase: Callable[[str], str], locale: str | None, kind: AnswerKind, *, texts: bool
) -> Ssml:
    speech = Ssml()
    lines = {line.kind: line for line in safety_lines(locale)}
    if kind == "others":
        speech.say(phrase("safety.others_lead"))
        _say_line(speech, phrase, lines["emergency"], texts, intro="safety.others_emergency")
        _say_line(speech, phrase, lines["crisis"], texts, intro="safety.others_crisis")
    else:
        for line in lines.values():
            _say_line(speech, phrase, line, texts)
    return speech


def _say_line(
    speech: Ssml,
    phrase: Callable[[str], str],
    line: Line,
    texts: bool,
    *,
    intro: str | None = None,
) -> None:
    speech.say(phrase(intro or line.intro_key))
    if line.number:
        _say_number(speech, line.number, line.read_as)
    elif line.website:
        speech.say(line.website)
    if line.text_to and texts:
        speech.say(",").say(phrase(line.text_key))
        _say_number(speech, line.text_to, line.text_read_as)
    speech.say(".")
    if line.after:
        speech.say(phrase(line.after_key))


def card_numbers(locale: str | None, kind: AnswerKind = "harm") -> str:
    """The discreet card: the numbers of the answer, one line each, no words about why."""
    wanted = ("emergency", "crisis") if kind == "others" else ("emergency", "abuse", "crisis")
    return "\n".join(
        " · ".join(line.numbers) for line in safety_lines(locale) if line.kind in wanted
    )


MAX_SECONDS: Final = 20.0
# An estimate that errs long: Alexa's voices say about 15 characters a second of ordinary text
# (about 160 words a minute); a digit read one by one takes about 0.32 s; sentence ends and
# commas add their pauses.
_CHARS_PER_S: Final = 14.0
_DIGIT_S: Final = 0.32
_SENTENCE_S: Final = 0.35
_COMMA_S: Final = 0.15


def estimated_seconds(plain: str) -> float:
    """How long Alexa takes to say `plain` (the answer as plain text), estimated long."""
    seconds = 0.0
    for token in plain.split():
        digits = sum(c.isdigit() for c in token)
        seconds += digits * _DIGIT_S + (len(token) - digits + 1) / _CHARS_PER_S
        if token[-1] in ".?!:":
            seconds += _SENTENCE_S
        elif token[-1] in ",;":
            seconds += _COMMA_S
    return seconds
