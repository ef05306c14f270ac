"""The small numpy networks behind the models: an ensemble is its members' probabilities averaged,
and a saved model (one network or an ensemble) opens without pickle as the same function."""

from __future__ import annotations

import numpy as np

from evidencecheck.learned.mlp import (
    MLP,
    fit_temperature,
    open_model_file,
    save_model_file,
    softmax,
    train_ensemble,
    train_mlp,
)


def _two_moons(n=400, seed=0):
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    y = rng.integers(0, 2, n)
    x = np.stack([np.cos(t) + y * 1.0, np.sin(t) * (1 - 2 * y) + y * 0.3], axis=1) + rng.normal(0, 0.1, (n, 2))
    return x.astype(np.float32), y


def test_an_ensemble_averages_its_members_probabilities():
    x, y = _two_moons()
    ens = train_ensemble(x, y, 2, members=3, hidden=8, epochs=20)
    members = [train_mlp(x, y, 2, hidden=8, epochs=20, seed=i) for i in range(3)]
    expected = np.mean([m.proba(x) for m in members], axis=0)
    assert np.allclose(ens.proba(x), expected, atol=1e-6)
    assert np.allclose(ens.proba(x).sum(axis=1), 1.0)


def test_the_temperature_is_fitted_on_the_averaged_probabilities():
    x, y = _two_moons()
    ens = train_ensemble(x, y, 2, members=2, hidden=8, epochs=20)
    t = fit_temperature(ens, x, y)
    nll = lambda temp: -np.mean(np.log(np.mean([softmax(z / temp) for z in ens.logits(x)], axis=0)[np.arange(len(y)), y]))
    assert nll(t) <= min(nll(t * 1.5), nll(t / 1.5)) + 1e-9


def test_a_saved_ensemble_opens_without_pickle_as_the_same_model(tmp_path):
    x, y = _two_moons()
    ens = train_ensemble(x, y, 2, members=2, hidden=8, epochs=5)
    ens.temperature = 0.8
    path = tmp_path / "m.npz"
    save_model_file(path, ens, "n_inputs", 2, {"what": "test"})
    again = MLP.from_arrays(open_model_file(path, "n_inputs", 2, "retrain"))
    assert np.allclose(again.proba(x), ens.proba(x))
