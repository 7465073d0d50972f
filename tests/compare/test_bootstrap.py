import math

import numpy as np
import pytest

from harness.score import bootstrap
from harness.score.bootstrap import f1_statistic, mean_statistic, paired_bootstrap


def test_identical_runs_give_a_zero_interval_within_noise():
    scores = [0.2, 0.9, 0.5, 0.7, 1.0]
    interval = paired_bootstrap(scores, scores)
    assert (interval.estimate, interval.low, interval.high) == (0.0, 0.0, 0.0)
    assert interval.within_noise
    assert interval.verdict == "within noise"
    assert "within noise" in interval.describe()


def test_a_constant_improvement_on_every_document_is_the_whole_interval():
    base = np.array([0.1, 0.4, 0.35, 0.8, 0.6, 0.0])
    interval = paired_bootstrap(base, base + 0.125)
    assert interval.estimate == pytest.approx(0.125)
    assert interval.low == pytest.approx(0.125)
    assert interval.high == pytest.approx(0.125)
    assert not interval.within_noise
    assert interval.verdict == "better"
    assert "better" in interval.describe() and "above 0" in interval.describe()


def test_a_constant_loss_is_worse():
    base = np.array([0.5, 0.6, 0.7])
    interval = paired_bootstrap(base, base - 0.25)
    assert interval.high == pytest.approx(-0.25)
    assert interval.verdict == "worse"


def test_two_documents_by_hand():
    # Differences 0 and 1: a resample's mean is 0, 0.5 or 1 with chances 1/4, 1/2, 1/4,
    # so the 2.5% and 97.5% points of 2,000 resamples are 0 and 1.
    interval = paired_bootstrap([0.0, 0.0], [0.0, 1.0])
    assert interval.estimate == 0.5
    assert (interval.low, interval.high) == (0.0, 1.0)
    assert interval.within_noise  # the interval touches 0


def test_matches_a_direct_numpy_computation():
    rng = np.random.default_rng(42)
    base, new = rng.random(7), rng.random(7)
    interval = paired_bootstrap(base, new, resamples=500, seed=11, level=0.9)
    draw = np.random.default_rng(11).integers(0, 7, size=(500, 7))
    differences = new[draw].mean(axis=1) - base[draw].mean(axis=1)
    low, high = np.quantile(differences, [0.05, 0.95])
    assert (interval.low, interval.high) == (low, high)
    assert interval.estimate == pytest.approx(new.mean() - base.mean())
    assert (interval.resamples, interval.documents, interval.seed, interval.level) == (500, 7, 11, 0.9)


def test_the_same_seed_gives_the_same_interval_and_another_seed_another():
    rng = np.random.default_rng(0)
    base, new = rng.random(20), rng.random(20)
    first = paired_bootstrap(base, new, seed=3)
    assert paired_bootstrap(base, new, seed=3) == first
    assert paired_bootstrap(base, new, seed=4) != first


def test_drawing_in_chunks_does_not_change_the_draw(monkeypatch):
    rng = np.random.default_rng(5)
    base, new = rng.random(9), rng.random(9)
    whole = paired_bootstrap(base, new, resamples=300)
    monkeypatch.setattr(bootstrap, "MAX_INDICES_PER_CHUNK", 40)  # 4 resamples per chunk
    assert paired_bootstrap(base, new, resamples=300) == whole


def test_f1_statistic_pools_counts_over_documents():
    # Columns: right, predicted + expected. Pooled: 2 * (2 + 0) / (4 + 2) = 2/3, not the
    # mean of per-document F1 (1.0 and 0.0).
    sample = np.array([[[2, 4], [0, 2]]], dtype=float)
    assert f1_statistic(sample)[0] == pytest.approx(2 / 3)
    assert f1_statistic(np.zeros((1, 3, 2)))[0] == 1.0  # nothing stated on either side
    assert mean_statistic(np.array([[1.0, 0.0]]))[0] == 0.5


def test_pooled_f1_difference_by_hand():
    base = [[1, 2], [0, 2]]  # F1 2*1/4 = 0.5
    new = [[1, 2], [1, 2]]  # F1 2*2/4 = 1.0
    interval = paired_bootstrap(base, new, f1_statistic)
    assert interval.estimate == pytest.approx(0.5)
    # A resample of only the first document shows no change; of only the second, +1.
    assert interval.low == 0.0 and interval.high == 1.0


def test_no_documents_and_bad_arguments():
    empty = paired_bootstrap([], [])
    assert math.isnan(empty.low) and empty.documents == 0
    assert empty.verdict == "no documents to compare"
    assert empty.as_dict()["low"] is None
    with pytest.raises(ValueError, match="shape"):
        paired_bootstrap([1.0, 2.0], [1.0])
    with pytest.raises(ValueError):
        paired_bootstrap([1.0], [1.0], resamples=0)
    with pytest.raises(ValueError):
        paired_bootstrap([1.0], [1.0], level=1.0)
