from harness.score.alias import LabelVocabulary
from harness.score.normalize import normalize_label


def vocab(*labels):
    return LabelVocabulary([normalize_label(x) for x in labels])


def resolve(v, label):
    return v.resolve(normalize_label(label))


def test_exact_label_resolves_to_itself():
    v = vocab("Probe", "LoRA")
    assert resolve(v, "probe") == "probe"


def test_space_insensitive_alias():
    v = vocab("LoRA + Prompt", "Probe")
    assert resolve(v, "LoRA+Prompt") == "lora + prompt"


def test_space_insensitive_alias_wins_over_ambiguous_prefixes():
    v = vocab("LoRA", "LoRA + Prompt", "LoRA + Prompt Tuning")
    assert resolve(v, "LoRA+Prompt") == "lora + prompt"


def test_predicted_whole_word_prefix_of_one_gold_label():
    v = vocab("Zero-Shot Classifier", "Probe")
    assert resolve(v, "Zero-Shot") == "zero-shot classifier"


def test_gold_label_is_a_whole_word_prefix_of_the_prediction():
    v = vocab("Zero-Shot", "Probe")
    assert resolve(v, "Zero-Shot Classifier") == "zero-shot"


def test_ambiguous_prefix_is_not_aliased():
    v = vocab("LLaMA-2 7B Chat", "LLaMA-2 7B Base")
    assert resolve(v, "LLaMA-2 7B") == "llama-2 7b"


def test_ambiguous_either_direction_is_not_aliased():
    # Both gold labels are whole-word prefixes of the prediction: two fit, so neither.
    v = vocab("Mistral 7B", "Mistral")
    assert resolve(v, "Mistral 7B Instruct") == "mistral 7b instruct"


def test_prefix_must_end_on_a_word_boundary():
    v = vocab("LoRA+Prompt")
    assert resolve(v, "LoRA") == "lora"
    v = vocab("7.5")
    assert resolve(v, "7") == "7"
    v = vocab("Zero-Shotting")
    assert resolve(v, "Zero-Shot") == "zero-shot"


def test_unknown_label_stays_itself():
    v = vocab("Probe")
    assert resolve(v, "Something else") == "something else"


def test_empty_vocabulary_resolves_to_itself():
    assert vocab().resolve("probe") == "probe"


def test_hostile_long_label_and_large_vocabulary_stay_linear():
    gold_labels = [f"row {i} name" for i in range(3000)]
    v = vocab(*gold_labels)
    long_label = "row " * 250_000  # 1 MB, 250k word boundaries
    assert v.resolve(normalize_label(long_label)) == normalize_label(long_label)
    for i in range(3000):
        assert v.resolve(f"row {i} name") == f"row {i} name"
    # "row 1" is a prefix of exactly one gold label ("row 1 name"), "row" of all of them.
    assert v.resolve("row 1") == "row 1 name"
    assert v.resolve("row") == "row"


# --- the indexes, the first-word screen and the bulk paths answer as the rule does ---------

def _reference(gold_labels, label):
    """The rule as record-format.md states it, computed from scratch (no index, no screen)."""
    from harness.score.alias import _word_prefixes

    labels = frozenset(gold_labels) - {""}
    if not label or label in labels:
        return label
    same = {g for g in labels if g.replace(" ", "") == label.replace(" ", "")}
    if len(same) == 1:
        return next(iter(same))
    fits = {g for g in labels if label in _word_prefixes(g)} | {p for p in _word_prefixes(label) if p in labels}
    return next(iter(fits)) if len(fits) == 1 else label


_WORDS = ["a", "b", "ab", "lora", "lora+prompt", "7", "7.5", "x-y", "zero-shot", "classifier", "", "a b"]


def _random_label(rng):
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 3))).strip()


def test_every_way_of_asking_answers_as_the_rule_does():
    import random

    rng = random.Random(5)
    for _ in range(400):
        gold = {_random_label(rng) for _ in range(rng.randint(0, 6))}
        asked = {_random_label(rng) for _ in range(8)} | {""}
        one_by_one, in_bulk = LabelVocabulary(gold), LabelVocabulary(gold)
        in_bulk.learn(asked)
        for label in asked:
            expected = _reference(gold, label)
            assert one_by_one.resolve(label) == expected, (gold, label)
            assert in_bulk.resolve(label) == expected, (gold, label)
        targets = frozenset(rng.sample(sorted(one_by_one.labels), k=min(2, len(one_by_one.labels))))
        brute = any(_reference(gold, label) in targets for label in asked)
        assert LabelVocabulary(gold).stands_for_any(set(asked), targets) == brute, (gold, asked, targets)


def test_bulk_answers_past_the_bound_keep_the_memo_bounded():
    from harness.score.alias import _Resolved

    v = vocab("Probe")
    many = {f"label {i}" for i in range(_Resolved.MAX_SIZE + 10)}
    v.learn(many)
    assert len(v._memo) <= _Resolved.MAX_SIZE + 20
    v.learn({"probe x"})
    assert v.resolve("probe x") == "probe" and v.resolve("probe") == "probe"


def test_stands_for_any_with_many_gold_labels_still_answers():
    from harness.score.alias import MAX_STARTS

    gold = [f"row {i} name" for i in range(MAX_STARTS + 5)]
    v = vocab(*gold)
    assert v.stands_for_any({"row 3 name x"}, frozenset({"row 3 name"}))
    assert not v.stands_for_any({"col 3"}, frozenset({"row 3 name"}))
