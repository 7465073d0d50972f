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
