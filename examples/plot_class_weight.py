"""
Class weights on an imbalanced problem
======================================

When one class is rare, a classifier can reach a high accuracy by seldom
predicting it. ``class_weight="balanced"`` weighs every sample by
``n_samples / (n_classes * count(its class))`` in the training objective, so
that each class contributes the same total weight; errors on the rare class
then cost as much, in total, as errors on the frequent one.

This example trains :class:`~sknumpynet.NumpyMLPClassifier` twice on a
problem where 5 % of the samples are positive, with ``class_weight=None`` and
``class_weight="balanced"``, and compares their confusion matrices on a
held-out test set. ``MLPClassifier`` has no ``class_weight`` parameter.
"""

# %%
import matplotlib.pyplot as plt
from sklearn.datasets import make_classification
from sklearn.metrics import (
    ConfusionMatrixDisplay,
    accuracy_score,
    balanced_accuracy_score,
    recall_score,
)
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

X, y = make_classification(
    n_samples=3000,
    n_features=10,
    n_informative=4,
    weights=[0.95, 0.05],
    class_sep=0.8,
    flip_y=0,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
print(f"positives: {y_train.mean():.1%} of training, {y_test.sum()} in test")

fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.6), constrained_layout=True)
# accuracy, balanced accuracy and the recall of the rare class
print(f"{'class_weight':<12}{'acc.':>7}{'bal. acc.':>11}{'rare recall':>13}")
for ax, class_weight in zip(axes, [None, "balanced"]):
    clf = make_pipeline(
        StandardScaler(),
        NumpyMLPClassifier(hidden_layer_sizes=(10,), class_weight=class_weight, random_state=0),
    ).fit(X_train, y_train)
    y_pred = clf.predict(X_test)
    print(
        f"{class_weight!r:<12}{accuracy_score(y_test, y_pred):>7.3f}"
        f"{balanced_accuracy_score(y_test, y_pred):>11.3f}"
        f"{recall_score(y_test, y_pred):>13.3f}"
    )
    ConfusionMatrixDisplay.from_predictions(
        y_test,
        y_pred,
        ax=ax,
        colorbar=False,
        cmap="Blues",
        display_labels=["frequent (0)", "rare (1)"],
    )
    ax.set_title(f"class_weight={class_weight!r}")
plt.show()

# %%
# Without weights, the network labels most rare-class samples as frequent and
# still scores a high plain accuracy, because the frequent class dominates the
# test set. With ``class_weight="balanced"`` it finds many more of the rare
# samples (the bottom-right cell grows) at the price of more false alarms
# (the top-right cell), which raises the balanced accuracy, the mean of the
# per-class recalls.
#
# ``class_weight`` multiplies ``sample_weight``, so both can be combined; a
# dict such as ``{1: 5.0}`` sets the trade-off by hand. With early stopping
# the weights also weigh the validation score, so the stopping rule follows
# the weighted accuracy.
