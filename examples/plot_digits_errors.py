"""
Which digits does it get wrong?
===============================

A :class:`~sknumpynet.NumpyMLPClassifier` with default parameters, trained on
three quarters of the 8x8 digits data, classifies about 98 % of the rest
correctly. This example shows the test images it gets wrong, with the true
label, the prediction and the probability the network gave it.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

digits = load_digits()
X_train, X_test, y_train, y_test, img_train, img_test = train_test_split(
    digits.data, digits.target, digits.images, stratify=digits.target, random_state=0
)
clf = make_pipeline(StandardScaler(), NumpyMLPClassifier(random_state=0))
clf.fit(X_train, y_train)

proba = clf.predict_proba(X_test)
y_pred = clf.classes_[proba.argmax(axis=1)]
wrong = np.flatnonzero(y_pred != y_test)
print(
    f"test accuracy {np.mean(y_pred == y_test):.4f}: "
    f"{len(wrong)} of {len(y_test)} test digits misclassified"
)

# %%
# The misclassified images (at most 18), most confident mistakes first.
wrong = wrong[np.argsort(-proba[wrong].max(axis=1))][:18]
n_cols = 6
n_rows = max(1, int(np.ceil(len(wrong) / n_cols)))
fig, axes = plt.subplots(
    n_rows, n_cols, figsize=(1.2 * n_cols, 1.55 * n_rows), constrained_layout=True, squeeze=False
)
for ax in axes.ravel():
    ax.set_axis_off()
for ax, i in zip(axes.ravel(), wrong):
    ax.imshow(img_test[i], cmap="gray_r", interpolation="nearest")
    ax.set_title(f"true {y_test[i]}, pred {y_pred[i]}\np = {proba[i].max():.2f}", fontsize=9)
plt.show()

# %%
# Several mistakes are digits that a person would hesitate over too at 8x8
# pixels. The confident ones are worth a look when choosing between models:
# a better-calibrated model is less sure where it is wrong (see
# :ref:`sphx_glr_auto_examples_plot_calibration.py`).
