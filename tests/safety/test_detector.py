"""pacts.safety: three tiers for every piece of free text (issue 13)."""

from __future__ import annotations

import pytest

from pacts.safety import assess, assess_all, mentions_danger, normalise
from tools.safety_corpus import Line, load

EXPECTED = {"danger": "danger", "uncertain": "uncertain", "figure": "none"}


def tuning_lines() -> list[Line]:
    return load("tuning", "en") + load("tuning", "es")


@pytest.mark.parametrize("line", tuning_lines(), ids=lambda line: line.phrase)
def test_every_tuning_line_gets_its_tier(line: Line) -> None:
    """The part the patterns were developed on: every line right (a regression guard). The
    held-out part's figures are measured by tools/safety_report.py, not asserted line by line."""
    assert assess(line.phrase).tier == EXPECTED[line.label]


@pytest.mark.parametrize(
    "text",
    [
        "I'm afraid I'll hurt someone",
        "I'm scared I'll hurt her",
        "I want to hit him",
        "tengo miedo de lastimar a alguien",
        "le voy a pegar",
    ],
)
def test_fear_of_hurting_someone_is_its_own_kind(text: str) -> None:
    assert assess(text).kind == "others"


@pytest.mark.parametrize("text", ["he's choking me", "I want to kill myself", "me pegó"])
def test_harm_to_the_speaker_is_harm(text: str) -> None:
    assert assess(text).kind == "harm"


def test_harm_to_the_speaker_wins_over_fear_of_hurting() -> None:
    assert assess("he hit me and I want to hit him back").kind == "harm"


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("He’s CHOKING me!", " he is choking me "),
        ("she won't let me leave", " she will not let me leave "),
        ("I can't go on", " i can not go on "),
        ("me pegó", " me pego "),
    ],
)
def test_reading_folds_case_accents_and_contractions(said: str, read: str) -> None:
    assert normalise(said) == read


@pytest.mark.parametrize(
    "text",
    [
        "me pegó",
        "mi pareja me pego anoche",
        "tengo miedo de él",
        "me amenazó con irse y llevarse a los niños",
        "no me siento segura en casa",
        "quiero morirme",
        "a veces pienso en quitarme la vida",
        "tiene una pistola",
        "me empujó contra la pared",
    ],
)
def test_spanish_signs_of_danger(text: str) -> None:
    assert mentions_danger(text)


@pytest.mark.parametrize(
    "text",
    [
        "no estoy seguro de la hora",
        "no estoy seguro",
        "cada vez se arma una discusión por los platos",
        "estamos peleando por el dinero",
        "me dio un abrazo",
        "necesito espacio",
        "",
        "   ",
    ],
)
def test_spanish_everyday_words_are_not_danger(text: str) -> None:
    assert assess(text).tier == "none"


def test_uncertain_words() -> None:
    assert assess("me da miedo").tier == "uncertain"
    assert assess(None).tier == "none"


def test_the_most_serious_of_several_texts_wins() -> None:
    assert assess_all(["Sam", "I'm scared", None]).tier == "uncertain"
    assert assess_all(["I'm scared", "he hit me"]).tier == "danger"
    assert assess_all(["I'm afraid I'll hurt someone", "he hit me"]).kind == "harm"
    assert assess_all(["my feet are killing me", "twenty minutes"]).tier == "none"


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        # figures of speech: no alarm
        ("she threw a fit", "none"),
        ("he's pushing me too far", "none"),
        ("I'm choking up", "none"),
        ("I feel like screaming", "none"),
        # a feeling, not an act: ask "are you safe?" (en-IN "suffocated" is overwhelmed)
        ("I'm feeling suffocated", "uncertain"),
        ("I feel so suffocated in this relationship", "uncertain"),
        ("I'm so mad I could kill him", "uncertain"),
        # the same words beside an act stay danger
        ("he pushed me too far down the stairs", "danger"),
        ("she threw a plate at me", "danger"),
        ("he threw a fit and hit me", "danger"),
        ("I'm choking", "danger"),
        ("I feel suffocated, he won't let me leave", "danger"),
        ("I feel suffocated by him", "danger"),
        ("I'm so mad I could kill him, he hit me", "danger"),
    ],
)
def test_english_figures_and_feelings_are_not_danger(text: str, tier: str) -> None:
    assert assess(text).tier == tier


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("me está apretando el cuello", "danger"),
        ("no puedo respirar, me tiene del cuello", "danger"),
        ("mi esposa me rasguñó", "danger"),
        ("me voy a cortar", "danger"),
        ("me voy a cortar las venas", "danger"),
        ("me voy a cortar el pelo", "none"),
        ("me da miedo lo que me pueda hacer", "danger"),
        ("auxilio", "danger"),
        ("llama a la policía", "danger"),
        ("le voy a romper la cara", "danger"),
        # wishing not to live, in the conditional or with "ojalá"
        ("preferiría estar muerta", "danger"),
        ("ojalá no despertara mañana", "danger"),
        ("desearía no haber nacido", "danger"),
        ("nadie me extrañaría si me muero", "danger"),
        ("sería mejor que no existiera", "danger"),
        ("quisiera desaparecer un rato", "none"),
        ("me muero de hambre", "none"),
    ],
)
def test_spanish_strangulation_self_harm_and_cries_for_help(text: str, tier: str) -> None:
    assert assess(text).tier == tier
