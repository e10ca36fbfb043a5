"""The phrase catalogs (gettext .po): checked in every locale, compiled, read without Babel.

tools/catalogs.py holds the check (`make catalogs` runs it too); here it runs over the real
catalogs, and over broken copies to show that each kind of mistake a translator can make is
reported with its file and line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from speech import catalog, locales
from speech.locales import loader
from tools import catalogs
from tools.lambda_zip import lambda_sources

REPO = Path(__file__).resolve().parent.parent
LOCALES = locales.SUPPORTED_LOCALES


@pytest.fixture(scope="module")
def root() -> Path:
    return loader.ROOT


def po_text(root: Path, name: str) -> str:
    return loader.po_path(name, root).read_text(encoding="utf-8")


def test_every_catalog_passes_the_check(root: Path) -> None:
    """Keys, fields and variants match English in every locale; headers carry CLDR plurals."""
    files, problems = catalogs.check(root)
    assert not problems, "\n".join(problems)
    assert {"en", "es"} <= set(files)
    for locale in LOCALES:
        if locale != "en-US":
            assert locale.replace("-", "_") in files, f"{locale} has no catalog"
    assert 'Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0"' in (
        po_text(root, "es")
    )
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in po_text(root, "en")


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_tables_are_the_chained_catalogs(root: Path, locale: str) -> None:
    """What the skill says (gettext over .mo) is what the .po files hold, market over base over
    English."""
    files, _ = catalogs.check(root)
    market = locale.replace("-", "_")
    chain = [name for name in dict.fromkeys((market, locale[:2], "en")) if name in files]
    expected: dict[str, locales.Entry] = {}
    for name in reversed(chain):
        expected.update(files[name].phrases)
    assert loader.table(chain, root) == expected
    assert locales.catalog_for(locale) == expected


def copy_catalogs(source: Path, into: Path, names: tuple[str, ...] = ("en", "es")) -> Path:
    for name in names:
        target = loader.po_path(name, into)
        target.parent.mkdir(parents=True)
        target.write_bytes(loader.po_path(name, source).read_bytes())
    return into


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def in_a_phrase(text: str, old: str, new: str) -> str:
    """Replace `old` in the first phrase (msgstr) that holds it, not in a note."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.startswith(("msgstr", '"')) and old in line and "Plural-Forms" not in line:
            lines[number] = line.replace(old, new, 1)
            return "\n".join(lines)
    raise AssertionError(f"{old} is in no phrase")


def _entry(key: str) -> str:
    return f'msgid "{key}"\nmsgstr "'


BREAKAGES: dict[str, tuple[Callable[[str], str], str]] = {
    "a missing quote": (
        lambda text: replace_once(text, 'msgid "goodbye"', 'msgid "goodbye'),
        "not a valid .po line",
    ),
    "a missing msgstr": (
        lambda text: replace_once(text, _entry("goodbye"), 'msgid "goodbye"\n\n# "'),
        "missing msgstr",
    ),
    "a stray line": (
        lambda text: replace_once(text, _entry("goodbye"), 'hola\nmsgid "goodbye"\nmsgstr "'),
        "not a valid .po line",
    ),
    "a fuzzy entry": (
        lambda text: replace_once(text, _entry("goodbye"), "#, fuzzy\n" + _entry("goodbye")),
        "goodbye is marked fuzzy",
    ),
    "an empty entry": (
        lambda text: replace_once(
            text, _entry("goodbye"), 'msgid "goodbye"\nmsgstr ""\n\nmsgid "x.unused"\nmsgstr "'
        ),
        "goodbye is empty",
    ),
    "a field renamed": (
        lambda text: in_a_phrase(text, "{when}", "{cuando}"),
        "fields ['cuando'], English has ['when']",
    ),
    "a broken field": (
        lambda text: in_a_phrase(text, "{when}", "{when"),
        "a broken {field}",
    ),
    "a variant dropped": (
        lambda text: replace_once(text, 'msgctxt "variant 3"\nmsgid "space.aftercare"', "#"),
        "space.aftercare: 2 variant(s), English has 3",
    ),
    "a key missing": (
        lambda text: replace_once(text, _entry("goodbye"), 'msgid "goodby"\nmsgstr "'),
        "no phrase for goodbye",
    ),
    "a duplicate": (
        lambda text: text + '\nmsgid "goodbye"\nmsgstr "Adiós otra vez."\n',
        "goodbye is already at line",
    ),
    "a context that is not a variant": (
        lambda text: replace_once(text, 'msgctxt "variant 2"', 'msgctxt "dos"'),
        "msgctxt 'dos' is not a variant",
    ),
    "another language's plural rule": (
        lambda text: replace_once(
            text, "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0",
            "nplurals=2; plural=(n != 1",
        ).replace('"\n" ? 1 : 2);\\n"', '"\n");\\n"', 1),
        "Plural-Forms is not CLDR's for es",
    ),
}  # fmt: skip


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_broken_catalog_fails_with_its_file_and_line(
    root: Path, tmp_path: Path, breakage: str
) -> None:
    break_it, expected = BREAKAGES[breakage]
    copy = copy_catalogs(root, tmp_path / "locales")
    po = loader.po_path("es", copy)
    po.write_text(break_it(po.read_text(encoding="utf-8")), encoding="utf-8")
    _, problems = catalogs.check(copy)
    assert any(expected in problem for problem in problems), problems
    assert all(problem.startswith(str(po)) for problem in problems), problems
    if "is empty" not in expected and "no phrase" not in expected:
        assert any(problem.startswith(f"{po}:") for problem in problems), "no line number"


def test_the_command_reports_problems_and_fails(root: Path, tmp_path: Path) -> None:
    copy = copy_catalogs(root, tmp_path / "locales")
    po = loader.po_path("es", copy)
    po.write_text(in_a_phrase(po_text(copy, "es"), "{when}", "{cuando}"), encoding="utf-8")
    assert catalogs.main(["--check", "--root", str(copy)]) == 1
    assert catalogs.main(["--root", str(copy)]) == 1
    assert not po.with_suffix(".mo").exists()


def test_a_market_holds_only_what_differs(root: Path, tmp_path: Path) -> None:
    copy = copy_catalogs(root, tmp_path / "locales", ("en", "es", "es_ES"))
    files, _ = catalogs.check(copy)
    key, text = next(
        (key, text)
        for key, text in files["es"].phrases.items()
        if isinstance(text, str) and key not in files["es_ES"].phrases and '"' not in text
    )
    po = loader.po_path("es_ES", copy)
    po.write_text(po_text(copy, "es_ES") + f'\nmsgid "{key}"\nmsgstr "{text}"\n', "utf-8")
    _, problems = catalogs.check(copy)
    assert any(f"{key}: the same as es: drop it" in problem for problem in problems), problems


def test_a_stale_compiled_catalog_is_compiled_again(root: Path, tmp_path: Path) -> None:
    copy = copy_catalogs(root, tmp_path / "locales")
    po = loader.po_path("es", copy)
    mo = po.with_suffix(".mo")
    first = loader.table(["es", "en"], copy)["goodbye"]
    assert mo.exists()
    po.write_text(replace_once(po_text(copy, "es"), f'"{first}"', '"Hasta pronto."'), "utf-8")
    os.utime(po, ns=(mo.stat().st_mtime_ns + 1_000_000, mo.stat().st_mtime_ns + 1_000_000))
    assert loader.table(["es", "en"], copy)["goodbye"] == "Hasta pronto."
    po.unlink()  # as shipped: only the compiled catalog
    assert loader.table(["es", "en"], copy)["goodbye"] == "Hasta pronto."
    mo.unlink()
    assert loader.load("es", copy) is None


def test_the_notes_refresh_is_idempotent(root: Path, tmp_path: Path) -> None:
    copy = copy_catalogs(root, tmp_path / "locales", ("en", "es", "es_ES", "en_GB"))
    files, problems = catalogs.check(copy)
    assert not problems
    before = {name: loader.po_path(name, copy).read_bytes() for name in files}
    catalogs.refresh_notes(files)
    files, _ = catalogs.check(copy)
    assert catalogs.refresh_notes(files) == []
    assert {name: loader.po_path(name, copy).read_bytes() for name in files} == before
    assert "#. English: " in po_text(copy, "es")
    assert "#. Base (es): " in po_text(copy, "es_ES")


def test_the_skill_reads_catalogs_without_babel() -> None:
    """Compiled catalogs are read with the standard library: a cold start imports no Babel."""
    catalogs.compile_all()
    script = (
        "import sys\n"
        "from speech.catalog import Phrases\n"
        "assert Phrases('es-ES').get('goodbye')\n"
        "assert Phrases('en-GB').get('space.heard', name='', when='at 9') \n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "lambda")}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_english_is_the_en_catalog() -> None:
    assert catalog.EN is locales.english()
    assert catalog.EN["goodbye"] == locales.catalog_for("en-US")["goodbye"]
    assert locales.overrides_for("en-US") == {}
    assert locales.catalog_for("es-AR") is locales.catalog_for("es-US")


def test_the_zip_ships_compiled_catalogs_only() -> None:
    shipped = lambda_sources()
    for name in catalogs.catalog_names():
        assert f"speech/locales/{name}/LC_MESSAGES/pause_pact.mo" in shipped, name
    assert not [name for name in shipped if name.endswith(".po")]
