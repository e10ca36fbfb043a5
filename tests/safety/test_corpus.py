"""The safety corpus itself: big enough, well formed, and its two parts kept apart."""

from __future__ import annotations

from collections import Counter

import pytest

from tools import safety_corpus
from tools.safety_corpus import CorpusError, load, load_all


def test_enough_lines_per_language() -> None:
    lines = load_all()
    by_lang = Counter(line.lang for line in lines)
    assert by_lang["en"] >= 150 and by_lang["es"] >= 80, by_lang


@pytest.mark.parametrize("part", safety_corpus.PARTS)
@pytest.mark.parametrize("lang", safety_corpus.LANGS)
def test_every_part_has_every_label(part: safety_corpus.Part, lang: safety_corpus.Lang) -> None:
    labels = Counter(line.label for line in load(part, lang))
    assert all(labels[label] >= 8 for label in safety_corpus.LABELS), labels


def test_no_phrase_is_in_both_parts_or_twice() -> None:
    seen: dict[str, safety_corpus.Line] = {}
    for line in load_all():
        key = " ".join(line.phrase.lower().split())
        assert key not in seen, f"{line} repeats {seen[key]}"
        seen[key] = line


def test_a_malformed_line_is_refused(tmp_path, monkeypatch) -> None:
    (tmp_path / "tuning_en.tsv").write_text("danger he hit me\n", encoding="utf-8")
    monkeypatch.setattr(safety_corpus, "CORPUS_DIR", tmp_path)
    with pytest.raises(CorpusError, match=r"tuning_en\.tsv:1"):
        load("tuning", "en")
