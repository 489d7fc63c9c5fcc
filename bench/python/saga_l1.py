#!/usr/bin/env python3
"""L1 logistic regression: mlkit's solver="saga" (proximal Newton) against scikit-learn's SAGA.

Run with the built module on PYTHONPATH, e.g. PYTHONPATH=build/python .venv/bin/python
bench/python/saga_l1.py. Prints fit time, training objective and the number of zero
coefficients of each fit."""

import time
import warnings

import numpy as np

from scipy.special import logsumexp
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression as L

import mlkit

warnings.simplefilter("ignore", ConvergenceWarning)
mlkit.set_num_threads(2)
for k in (2, 5):
    X, y = make_classification(100000, 50, n_informative=20, n_classes=k, random_state=0)
    X = (X - X.mean(0)) / X.std(0)
    for name, est in [("mlkit", mlkit.LogisticRegression(solver="saga", l1_ratio=1.0, C=0.05, tol=1e-6)),
                      ("sklearn", L(solver="saga", l1_ratio=1.0, C=0.05, random_state=0))]:
        t = time.perf_counter(); est.fit(X, y); dt = time.perf_counter() - t
        W, b = est.coef_, est.intercept_
        Z = X @ W.T + b
        if k == 2:
            z = Z[:, 0]; loss = np.mean(np.logaddexp(0, z) - y * z)
        else:
            loss = np.mean(logsumexp(Z, 1) - Z[np.arange(len(y)), y])
        obj = loss + np.abs(W).sum() / (0.05 * len(y))
        print(f"k={k} {name}: {dt:.2f} s objective {obj:.10f} zeros {(W == 0).sum()}")
