"""The phrase catalogs (gettext `.po`, lambda/speech/locales/<name>/LC_MESSAGES/pause_pact.po).

    python -m tools.catalogs          check every catalog, refresh notes, compile (make catalogs)
    python -m tools.catalogs --check  check only: nothing is written
    python -m tools.catalogs convert [--rev REV] [--root DIR]
                                      the one-off converter: the .po files from the Python phrase
                                      tables they replaced (the working tree's, or git REV's)

The check (also run by tests/test_catalogs.py) reads each file as a translation tool would and
reports, with the file and line: lines that are not valid `.po`, duplicate entries, fuzzy or empty
entries, a `Language` or `Plural-Forms` header that is not the directory's (CLDR's plural rule,
from Babel), and, against English (`en`): a key missing from a language base, a key no catalog
knows, a phrase whose `{fields}` or number of variants differ from English's.

Notes (`#.` lines) in every file but `en` are written by this tool: the phrase each entry stands
in for (English for `es` and the English markets, the Spanish base for the Spanish markets), so a
reviewer in Poedit or Weblate sees it beside the entry. Translators' own notes are `# ` comments
and are kept as they are; in `en`, `#.` lines are the writers' notes and are kept too.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import io
import re
import string
import subprocess
import sys
import textwrap
import tokenize
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

REPO: Final = Path(__file__).resolve().parent.parent
if str(REPO / "lambda") not in sys.path:
    sys.path.insert(0, str(REPO / "lambda"))

from speech.formatting import SUPPORTED_LOCALES  # noqa: E402
from speech.locales import MARKET_ONLY_KEYS  # noqa: E402
from speech.locales.compiler import CatalogError, compile_catalog, read_catalog  # noqa: E402
from speech.locales.loader import ROOT, VARIANT, po_path  # noqa: E402
from speech.locales.table import Entry  # noqa: E402

ENGLISH: Final = "en"
PROJECT: Final = "Pause Pact"
# Fixed so that converting the same tables twice writes the same bytes.
CREATED: Final = datetime.datetime(2026, 12, 7, tzinfo=datetime.UTC)
WIDTH: Final = 76
LANGUAGES: Final = tuple(dict.fromkeys(locale.split("-")[0] for locale in SUPPORTED_LOCALES))

_PO_LINE: Final = re.compile(
    r'^(?:|#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+"(?:[^"\\]|\\.)*"'
    r'|"(?:[^"\\]|\\.)*")[ \t]*$'
)
_MSG_LINE: Final = re.compile(r'^(msgctxt|msgid)[ \t]+"((?:[^"\\]|\\.)*)"')


def catalog_names(root: Path = ROOT) -> list[str]:
    """Every catalog under `root`, bases first (en, es), then markets, alphabetically."""
    found = sorted(path.parent.parent.name for path in root.glob("*/LC_MESSAGES/*.po"))
    return sorted(found, key=lambda name: ("_" in name, name))


def base_of(name: str) -> str | None:
    """The catalog `name` falls back to: a market's language base, a language base's English."""
    if name == ENGLISH:
        return None
    language = name.split("_", maxsplit=1)[0]
    return language if language != name else ENGLISH


def _relative(path: Path) -> str:
    try:
        return path.relative_to(REPO).as_posix()
    except ValueError:
        return str(path)


def fields_of(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def variants_of(entry: Entry) -> tuple[str, ...]:
    return entry if isinstance(entry, tuple) else (entry,)


# ----------------------------------------------------------------------------- reading and checks


@dataclass
class PoFile:
    """One catalog as written: its own phrases (no fallback) and where each is."""

    name: str
    path: Path
    catalog: Catalog
    phrases: dict[str, Entry] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


def _line_problems(path: Path, text: str) -> list[str]:
    """Lines no `.po` reader accepts (Babel skips some silently), and duplicate entries."""
    problems = []
    seen: dict[tuple[str | None, str], int] = {}
    context: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not _PO_LINE.match(line):
            problems.append(
                f"{_relative(path)}:{number}: not a valid .po line (a missing quote, or an "
                f'unescaped " inside the text?): {line.strip()[:60]!r}'
            )
            continue
        match = _MSG_LINE.match(line)
        if match is None:
            continue
        keyword, value = match.groups()
        if keyword == "msgctxt":
            context = value
            continue
        entry = (context, value)
        context = None
        if value and entry in seen:
            what = f"{value} ({entry[0]})" if entry[0] else value
            problems.append(
                f"{_relative(path)}:{number}: {what} is already at line {seen[entry]}: keep one"
            )
        seen.setdefault(entry, number)
    return problems


def read(name: str, root: Path = ROOT) -> tuple[PoFile | None, list[str]]:
    """The catalog `name`, and what is wrong inside it (not yet against English)."""
    path = po_path(name, root)
    where = _relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [f"{where}: missing"]
    except UnicodeDecodeError:
        return None, [f"{where}: not UTF-8 (save it as UTF-8)"]
    problems = _line_problems(path, text)
    try:
        catalog = read_catalog(path)
    except CatalogError as error:
        return None, [*problems, str(error).replace(str(path), where)]
    po = PoFile(name, path, catalog)
    return po, [*problems, *_header_problems(po), *_entry_problems(po)]


def _entry_problems(po: PoFile) -> list[str]:
    """Fuzzy, empty or padded phrases, broken fields, contexts that are not variants."""
    where = _relative(po.path)
    problems = []
    plain: dict[str, str] = {}
    numbered: dict[str, dict[int, str]] = {}
    for message in list(po.catalog)[1:]:
        at = f"{where}:{message.lineno}"
        if not isinstance(message.id, str) or not isinstance(message.string, str):
            problems.append(f"{at}: plural entries are not used by the skill")
            continue
        key, text = message.id, message.string
        po.lines.setdefault(key, message.lineno or 0)
        if message.fuzzy:
            problems.append(
                f"{at}: {key} is marked fuzzy (needs review), so the skill would not say it: "
                "review it and clear the flag"
            )
        problems += _text_problems(at, key, text)
        context = message.context
        if context is None:
            plain[key] = text
        elif context.startswith(VARIANT) and context[len(VARIANT) :].isdigit():
            numbered.setdefault(key, {})[int(context[len(VARIANT) :])] = text
        else:
            problems.append(
                f'{at}: {key}: msgctxt {context!r} is not a variant ("variant 1", "variant 2", ...)'
            )
    for key, texts in numbered.items():
        if key in plain:
            problems.append(f"{where}:{po.lines[key]}: {key} is both a phrase and variants")
        if sorted(texts) != list(range(1, len(texts) + 1)):
            problems.append(
                f"{where}:{po.lines[key]}: {key}: variants must be numbered 1 to {len(texts)}, "
                f"found {sorted(texts)}"
            )
        po.phrases[key] = tuple(texts[n] for n in sorted(texts))
    for key, text in plain.items():
        po.phrases.setdefault(key, text)
    return problems


def _text_problems(at: str, key: str, text: str) -> list[str]:
    if not text:
        return [f"{at}: {key} is empty, so the skill would not say it"]
    problems = []
    if text != text.strip():
        problems.append(f"{at}: {key} starts or ends with a space or a line break")
    try:
        fields_of(text)
    except ValueError as error:
        problems.append(f"{at}: {key}: a broken {{field}} ({error})")
    return problems


def _header_problems(po: PoFile) -> list[str]:
    where = _relative(po.path)
    problems = []
    if po.catalog.locale_identifier != po.name:
        problems.append(
            f"{where}: the Language header is {po.catalog.locale_identifier!r}, "
            f"not {po.name!r} (the directory's name)"
        )
        return problems
    expected = Catalog(locale=po.name).plural_forms
    if po.catalog.plural_forms != expected:
        problems.append(f"{where}: Plural-Forms is not CLDR's for {po.name}: {expected}")
    return problems


def check(root: Path = ROOT) -> tuple[dict[str, PoFile], list[str]]:
    """Every catalog read, and every problem found (empty when all is well)."""
    names = catalog_names(root)
    files: dict[str, PoFile] = {}
    problems: list[str] = []
    for required in LANGUAGES:
        if required not in names:
            problems.append(f"{_relative(po_path(required, root))}: missing (a language base)")
    for name in names:
        po, found = read(name, root)
        problems += found
        if po is not None:
            files[name] = po
    english = files.get(ENGLISH)
    if english is None:
        return files, problems
    for name, po in files.items():
        if name != ENGLISH:
            problems += _against_english(po, english.phrases, files)
    return files, problems


def _against_english(
    po: PoFile, english: Mapping[str, Entry], files: Mapping[str, PoFile]
) -> list[str]:
    where = _relative(po.path)
    problems = []
    base = base_of(po.name)
    is_market = "_" in po.name
    if not is_market:
        missing = sorted(set(english) - set(po.phrases))
        if missing:
            problems.append(f"{where}: no phrase for {', '.join(missing)}")
    for key, entry in po.phrases.items():
        at = f"{where}:{po.lines.get(key, '?')}: {key}"
        mine = variants_of(entry)
        reference = english.get(key)
        if reference is None:
            if key not in MARKET_ONLY_KEYS:
                problems.append(f"{at}: not a key of English ({_relative(files[ENGLISH].path)})")
            continue
        theirs = variants_of(reference)
        if isinstance(entry, tuple) != isinstance(reference, tuple) or len(mine) != len(theirs):
            problems.append(f"{at}: {len(mine)} variant(s), English has {len(theirs)}")
        try:
            expected = set().union(*(fields_of(text) for text in theirs))
            actual = set().union(*(fields_of(text) for text in mine))
        except ValueError:
            continue  # reported where it is
        if actual != expected:
            problems.append(
                f"{at}: fields {sorted(actual) or 'none'}, English has {sorted(expected) or 'none'}"
            )
        base_file = files.get(base) if is_market and base is not None else None
        if base_file is not None and base_file.phrases.get(key) == entry:
            problems.append(f"{at}: the same as {base}: drop it (a market keeps what differs)")
    return problems


# ----------------------------------------------------------------------------- notes and compiling


def _reference(name: str, files: Mapping[str, PoFile]) -> tuple[str, Mapping[str, Entry]] | None:
    base = base_of(name)
    if base is None or base not in files:
        return None
    label = "English" if base == ENGLISH else f"Base ({base})"
    return label, files[base].phrases


def notes_for(
    key: str, variant: int | None, reference: tuple[str, Mapping[str, Entry]] | None
) -> list[str]:
    """The generated `#.` note of one entry: the phrase it stands in for."""
    if reference is None:
        return []
    label, phrases = reference
    entry = phrases.get(key)
    if entry is None:
        return []
    if variant is None or not isinstance(entry, tuple):
        return [f"{label}: {variants_of(entry)[0]}"]
    if variant > len(entry):
        return []
    return [f"{label}, variant {variant} of {len(entry)}: {entry[variant - 1]}"]


def render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, no_location=True)
    return buffer.getvalue()


def refresh_notes(files: Mapping[str, PoFile]) -> list[Path]:
    """Rewrite the generated notes of every catalog but English; the files that changed."""
    changed = []
    for name, po in files.items():
        if name == ENGLISH:
            continue
        reference = _reference(name, files)
        for message in list(po.catalog)[1:]:
            if not isinstance(message.id, str):
                continue
            variant = None
            if message.context and message.context[len(VARIANT) :].isdigit():
                variant = int(message.context[len(VARIANT) :])
            message.auto_comments = notes_for(message.id, variant, reference)
        data = render(po.catalog)
        if data != po.path.read_bytes():
            po.path.write_bytes(data)
            changed.append(po.path)
    return changed


def compile_all(root: Path = ROOT) -> list[Path]:
    """Compile every catalog to its `.mo`; the files written."""
    written = []
    for name in catalog_names(root):
        po = po_path(name, root)
        compile_catalog(po, po.with_suffix(".mo"))
        written.append(po.with_suffix(".mo"))
    return written


# ----------------------------------------------------------------------------- the converter

# The Python phrase tables the catalogs replaced: catalog -> (file, the dict's name).
SOURCES: Final = {
    "en": ("lambda/speech/catalog.py", "EN"),
    "es": ("lambda/speech/locales/es.py", "ES"),
    **{
        market: (f"lambda/speech/locales/{market.lower()}.py", "OVERRIDES")
        for market in ("en_GB", "en_CA", "en_AU", "en_IN", "es_US", "es_ES", "es_MX")
    },
}
TITLES: Final = {
    "en": "English, the base of every English market (en-US says it as it is)",
    "es": "Spanish, the base of every Spanish market (neutral Latin American)",
}
_GUIDE_EN: Final = """\
How to edit this file (README, "Phrase catalogs"):
- msgid is the phrase's key: it never changes. msgstr is what Alexa says.
- {fields} are filled in by the skill ({name}, {when}, ...): keep each one, spelled as it is.
- msgctxt "variant 1", "variant 2", ...: variants of one phrase, which the skill rotates; each is \
said on its own.
- This file is the base of every catalog: a key added here needs its phrase in es (and in a \
market file where that market says it differently).
- Check and compile: make catalogs (tests run the same check)."""
_GUIDE: Final = """\
How to edit this file (README, "Phrase catalogs"):
- msgid is the phrase's key: it never changes. msgstr is what Alexa says.
- {fields} are filled in by the skill ({name}, {when}, ...): keep each one, spelled as it is.
- msgctxt "variant 1", "variant 2", ...: variants of one phrase, which the skill rotates; each is \
said on its own. Keep as many as English has.
- A market file (en_GB, es_ES, ...) holds only what that market says differently; the rest \
comes from its language's base (en, es), then from English.
- The #. notes show the phrase an entry stands in for; make catalogs rewrites them. Your own \
notes go in translator comments (# ).
- Never leave an entry fuzzy or empty: the skill would say the base phrase instead.
- Check and compile: make catalogs (tests run the same check)."""


def _title(name: str) -> str:
    if name in TITLES:
        return TITLES[name]
    locale = Locale.parse(name)
    return f"{locale.english_name}, only what differs from {base_of(name)}"


def _source_path_words(text: str) -> str:
    """Docstrings name the old modules; the notes name the catalogs."""
    modules = {Path(path).stem: name for name, (path, _) in SOURCES.items()}
    text = text.replace("speech.catalog.EN", f"the English base ({ENGLISH})")
    return re.sub(
        r"speech/locales/(\w+)\.py",
        lambda m: f"{modules.get(m.group(1), m.group(1))}/LC_MESSAGES/pause_pact.po",
        text,
    )


def _wrapped(text: str) -> list[str]:
    """Paragraphs and "- " items of a docstring, re-wrapped for a .po header."""
    items: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            items.append("")
        elif stripped.startswith("- ") or not items or not items[-1]:
            items.append(stripped)
        else:
            items[-1] += " " + stripped
    lines: list[str] = []
    for item in items:  # (no hanging indent: .po readers drop a comment's leading spaces)
        lines += textwrap.wrap(item, WIDTH - 2) or [""]
    return lines


# The English table's docstring described the Python dict; its writing rule is what stays.
_EN_NOTE: Final = """\
The skill's words, kept out of the handlers. Writing here is writing for a flooded person: short \
sentences, no blame, the pattern named rather than a partner."""


def header_comment(name: str, docstring: str) -> str:
    docstring = _EN_NOTE if name == ENGLISH else docstring
    lines = [f"Pause Pact phrases: {_title(name)}.", ""]
    if docstring:
        lines += [*_wrapped(_source_path_words(docstring)), ""]
    lines += _wrapped(_GUIDE_EN if name == ENGLISH else _GUIDE)
    return "\n".join(f"# {line}".rstrip() for line in lines)


@dataclass
class PythonTable:
    """A phrase dict read from its source (never imported): phrases, comments, docstring."""

    phrases: dict[str, Entry]
    comments: dict[str, list[str]]
    docstring: str


def _comment_text(token: str) -> str | None:
    text = token.lstrip("#").strip()
    if not text or text.startswith(("fmt:", "noqa", "type:")):
        return None
    return text


def _dict_named(module: ast.Module, variable: str) -> ast.Dict:
    for node in module.body:
        target: ast.expr | None = None
        if isinstance(node, ast.AnnAssign):
            target = node.target
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and target.id == variable and isinstance(value, ast.Dict):
            return value
    raise SystemExit(f"no dict {variable} in the source")


def parse_table(source: str, variable: str) -> PythonTable:
    module = ast.parse(source)
    comments_at: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            text = _comment_text(token.string)
            if text is not None:
                comments_at[token.start[0]] = text
    lines = source.splitlines()
    value = _dict_named(module, variable)
    phrases: dict[str, Entry] = {}
    comments: dict[str, list[str]] = {}
    for key_node, value_node in zip(value.keys, value.values, strict=True):
        if not isinstance(key_node, ast.Constant) or not isinstance(key_node.value, str):
            raise SystemExit(f"line {value_node.lineno}: a key that is not a string")
        key = key_node.value
        entry = ast.literal_eval(value_node)
        if not isinstance(entry, str | tuple):
            raise SystemExit(f"line {key_node.lineno}: {key} is neither a phrase nor variants")
        phrases[key] = entry
        above: list[str] = []
        number = key_node.lineno - 1
        while number >= 1 and lines[number - 1].strip().startswith("#"):
            if number in comments_at:
                above.insert(0, comments_at[number])
            number -= 1
        inline = [
            comments_at[n]
            for n in range(key_node.lineno, (value_node.end_lineno or key_node.lineno) + 1)
            if n in comments_at
        ]
        joined = [" ".join(above)] if above else []
        if joined or inline:
            comments[key] = [*joined, *inline]
    return PythonTable(phrases, comments, ast.get_docstring(module) or "")


def source_text(path: str, rev: str | None) -> str:
    if rev is None:
        return (REPO / path).read_text(encoding="utf-8")
    shown = subprocess.run(  # noqa: S603 - git, with a revision the user gave
        ["git", "show", f"{rev}:{path}"],  # noqa: S607
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if shown.returncode != 0:
        raise SystemExit(f"git show {rev}:{path}: {shown.stderr.strip()}")
    return shown.stdout


def build_catalog(name: str, table: PythonTable, reference: Mapping[str, Entry] | None) -> Catalog:
    catalog = Catalog(
        locale=name,
        project=PROJECT,
        version="1",
        header_comment=header_comment(name, table.docstring),
        creation_date=CREATED,
        revision_date=CREATED,
        fuzzy=False,
    )
    catalog.last_translator = PROJECT
    catalog.language_team = f"{PROJECT} {name}"
    catalog.msgid_bugs_address = ""
    label = "English" if base_of(name) == ENGLISH else f"Base ({base_of(name)})"
    for key, entry in table.phrases.items():
        comments = table.comments.get(key, [])
        ref = (label, reference) if reference is not None else None
        texts = variants_of(entry)
        for number, text in enumerate(texts, start=1):
            variant = number if isinstance(entry, tuple) else None
            first = number == 1
            writer_notes = comments if first else []
            if name == ENGLISH:
                catalog.add(
                    key,
                    text,
                    auto_comments=writer_notes,
                    context=None if variant is None else f"{VARIANT}{variant}",
                )
            else:
                catalog.add(
                    key,
                    text,
                    user_comments=writer_notes,
                    auto_comments=notes_for(key, variant, ref),
                    context=None if variant is None else f"{VARIANT}{variant}",
                )
    return catalog


def convert(root: Path = ROOT, rev: str | None = None) -> list[Path]:
    """Write every catalog from the Python tables (the working tree's, or git `rev`'s)."""
    tables = {
        name: parse_table(source_text(path, rev), variable)
        for name, (path, variable) in SOURCES.items()
    }
    written = []
    for name, table in tables.items():
        base = base_of(name)
        reference = tables[base].phrases if base is not None else None
        target = po_path(name, root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render(build_catalog(name, table, reference)))
        written.append(target)
    return written


# ----------------------------------------------------------------------------- the command


def _report(problems: Iterable[str], say: Callable[[str], object]) -> None:
    for problem in problems:
        say(problem)


def main(argv: Sequence[str] | None = None) -> int:
    common = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    common.add_argument("--root", type=Path, default=ROOT, help="the catalogs' directory")
    parser = argparse.ArgumentParser(
        prog="python -m tools.catalogs",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
        allow_abbrev=False,
    )
    parser.add_argument("--check", action="store_true", help="check only; write nothing")
    sub = parser.add_subparsers(dest="command")
    converter = sub.add_parser(
        "convert",
        parents=[common],
        help="write the .po files from the Python tables",
        allow_abbrev=False,
    )
    converter.add_argument("--rev", help="read the tables from this git revision")
    args = parser.parse_args(argv)
    root: Path = args.root
    if args.command == "convert":
        for path in convert(root, args.rev):
            print(f"wrote {_relative(path)}")
        return 0
    files, problems = check(root)
    if problems:
        _report(problems, lambda line: print(line, file=sys.stderr))
        print(f"{len(problems)} problem(s) in the phrase catalogs", file=sys.stderr)
        return 1
    if args.check:
        print(f"{len(files)} catalogs checked: {', '.join(files)}")
        return 0
    for path in refresh_notes(files):
        print(f"notes refreshed: {_relative(path)}")
    compiled = compile_all(root)
    print(f"{len(files)} catalogs checked and compiled ({len(compiled)} .mo)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
