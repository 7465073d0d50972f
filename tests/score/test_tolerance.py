import pytest

from harness.score.tolerance import optional_values_agree, values_agree


@pytest.mark.parametrize("gold", [100.0, 61.9, 0.78, 49.7, 0.003, -0.21, 1e6, 92.0])
def test_exactly_one_percent_off_passes_both_ways(gold):
    assert values_agree(gold * 1.01, gold)
    assert values_agree(gold * 0.99, gold)


@pytest.mark.parametrize("gold", [100.0, 61.9, 0.78, 49.7, 0.003, -0.21, 1e6, 92.0])
def test_one_point_zero_one_percent_off_fails(gold):
    assert not values_agree(gold * 1.0101, gold)
    assert not values_agree(gold * 0.9899, gold)


def test_tolerance_is_relative_to_gold_not_to_prediction():
    # 101 is 1% above 100; 100 is ~0.99% below 101 but 1% of the *gold* 100 is what counts.
    assert values_agree(101.0, 100.0)
    assert not values_agree(102.0, 100.0)


def test_zero_gold_uses_an_absolute_tolerance():
    assert values_agree(0.0, 0.0)
    assert values_agree(1e-6, 0.0)
    assert values_agree(-1e-6, 0.0)
    assert not values_agree(2e-6, 0.0)
    assert not values_agree(0.01, 0.0)


def test_sign_matters():
    assert not values_agree(-50.0, 50.0)


def test_optional_values():
    assert optional_values_agree(None, None)
    assert not optional_values_agree(0.0, None)
    assert not optional_values_agree(None, 0.0)
    assert optional_values_agree(60.0, 60.5)
