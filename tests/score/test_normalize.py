import pytest

from harness.score.normalize import normalize_label, without_spaces


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("GPT-4", "gpt-4"),
        ("  LoRA   +\tPrompt \n", "lora + prompt"),
        ("abstract\\_algebra", "abstract_algebra"),
        ("high\\_school\\_physics", "high_school_physics"),
        ("A\\*B \\# C", "a*b # c"),
        ('"Probe"', "probe"),
        ("**Probe**", "probe"),
        ("*Probe*:", "probe"),
        ("‘Zero-Shot’", "zero-shot"),
        ("(Probe)", "probe"),
        ("Transferability (%)", "transferability (%)"),
        ("LLaMA–2 7B", "llama-2 7b"),  # en dash reads as a hyphen
        ("Ｍｉｓｔｒａｌ", "mistral"),  # full-width letters
    ],
)
def test_normalises_case_space_escapes_and_wrapping(raw, expected):
    assert normalize_label(raw) == expected


@pytest.mark.parametrize("raw", ["'–'", "'>'", "'~'", "**", "'...'"])
def test_a_label_of_only_punctuation_is_not_erased(raw):
    assert normalize_label(raw) != ""


def test_punctuation_only_labels_keep_their_identity():
    assert normalize_label("'>'") == ">"
    assert normalize_label("'~'") == "~"
    assert normalize_label("'>'") != normalize_label("'~'")


def test_leading_dot_and_minus_are_part_of_a_number_label():
    assert normalize_label(".5") == ".5"
    assert normalize_label("-0.2") == "-0.2"


def test_none_and_blank_are_empty():
    assert normalize_label(None) == ""
    assert normalize_label("   ") == ""


def test_unescaped_backslash_text_is_kept():
    assert normalize_label("a\\b") == "a\\b"


def test_without_spaces():
    assert without_spaces("lora + prompt") == "lora+prompt"


@pytest.mark.parametrize(
    "hostile",
    [
        "|" * 1_000_000,
        "*" * 1_000_000,
        "7" * 1_000_000,
        "(" * 500_000 + "x" + ")" * 500_000,
        "\\_" * 500_000,
        "a " * 500_000,
    ],
)
def test_hostile_megabyte_labels_normalise_in_one_pass(hostile):
    out = normalize_label(hostile)
    assert isinstance(out, str) and len(out) <= len(hostile)


def test_the_quick_path_for_plain_labels_is_the_full_normalisation():
    import random
    import string

    from harness.score.normalize import _PLAIN, _normalize_fully
    from harness.text import DASHES

    assert all(ord(c) > 127 for c in DASHES)  # the quick path takes ASCII only
    rng = random.Random(3)
    alphabet = string.ascii_letters + string.digits + string.punctuation + " " * 8 + "\t"
    taken = 0
    for _ in range(20_000):
        label = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        if _PLAIN(label):
            taken += 1
            assert _normalize_fully(label) == label.lower(), label
    assert taken > 1000
    for label in ["Model 17", "GPT-4", "a", "A1 b2", "x.y", "a_b", "a!b", "7B"]:
        assert _PLAIN(label) and _normalize_fully(label) == label.lower()
    for label in ["a  b", " a", "a ", "(a)", "**a**", "a.", "a\\_b", "é", "a\tb", "'a'", "a)"]:
        assert not _PLAIN(label)


def test_the_quick_paths_agree_with_the_full_normalisation_on_wrapped_and_odd_labels():
    import random
    import string

    from harness.score.normalize import _normalize, _normalize_fully

    rng = random.Random(4)
    pieces = ["**", "*", "_", "'", '"', "`", ".", ",", ":", "!", "?", "(", ")", "\\", " ", "  ", "\t", "-",
              "\u2013", "\u201c", "\u00e9", "model", "Model 5", "A", "7", "x-y", "GPT-4"]
    for _ in range(30_000):
        label = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        assert _normalize(label) == _normalize_fully(label), repr(label)
    for _ in range(10_000):
        label = "".join(rng.choice(string.printable) for _ in range(rng.randint(1, 10)))
        assert _normalize(label) == _normalize_fully(label), repr(label)
