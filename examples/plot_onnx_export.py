"""
Exporting a pipeline to ONNX
============================

A model trained in Python often runs somewhere else: a web service, a
phone, a database. `ONNX <https://onnx.ai>`_ is a file format for such
models, and `onnxruntime <https://onnxruntime.ai>`_ runs them without Python
or sknumpynet. This example exports a ``StandardScaler`` +
:class:`~sknumpynet.NumpyMLPClassifier` pipeline with
:func:`sknumpynet.onnx.to_onnx`, runs it in onnxruntime, and checks that the
probabilities and labels are those of ``predict_proba`` and ``predict``.
Then it does the same for a :class:`~sknumpynet.NumpyMLPRegressor` whose
targets are normalised (``normalize_y=True``): the exported graph includes
the scaling back to the targets' units.

The export needs the ``onnx`` extra: ``pip install "sknumpynet[onnx]"``.
"""

# %%
# Train a pipeline
# ----------------
# The data are float32, so the model trains in float32 and the ONNX graph
# computes in float32.
import tempfile
from pathlib import Path

import numpy as np
import onnxruntime as ort
from sklearn.datasets import load_diabetes, load_digits
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor
from sknumpynet.onnx import to_onnx

X, y = load_digits(return_X_y=True)
X = X.astype(np.float32)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)

pipe = make_pipeline(StandardScaler(), NumpyMLPClassifier(random_state=0))
pipe.fit(X_train, y_train)
print("test accuracy: %.4f" % pipe.score(X_test, y_test))

# %%
# Export and run
# --------------
# ``to_onnx`` needs a sample of the input to fix its type and width. The
# model has one input, ``X``, and two outputs: ``label`` (as ``predict``)
# and ``probabilities`` (as ``predict_proba``, one column per class).
onx = to_onnx(pipe, X_train[:1])
path = Path(tempfile.mkdtemp()) / "digits_pipeline.onnx"
path.write_bytes(onx.SerializeToString())  # the file to deploy

session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
print("inputs: ", [(i.name, i.type, i.shape) for i in session.get_inputs()])
print("outputs:", [(o.name, o.type, o.shape) for o in session.get_outputs()])

label, proba = session.run(None, {"X": X_test})

# %%
# Check the outputs
# -----------------
# In float32 the two computations round differently (a different order of
# the sums in the matrix products), so the probabilities differ in their
# last digits (float32 resolves about 1.2e-7 near 1; the check below allows
# 1e-5), and the labels agree exactly.
expected = pipe.predict_proba(X_test)
print("largest probability difference: %.1e" % np.abs(proba - expected).max())
print("labels identical:", bool((label == pipe.predict(X_test)).all()))
# sphinx_gallery_start_ignore
assert np.abs(proba - expected).max() <= 1e-5
assert (label == pipe.predict(X_test)).all()
# sphinx_gallery_end_ignore

# %%
# Every probability of the test set, as onnxruntime computed it against
# ``predict_proba``: the points lie on the diagonal.
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(4.5, 4.5), constrained_layout=True)
ax.plot([0, 1], [0, 1], color="0.8", linewidth=4, zorder=0)
ax.scatter(expected.ravel(), proba.ravel(), s=8, alpha=0.5)
ax.set_xlabel("predict_proba (NumPy)")
ax.set_ylabel("ONNX model in onnxruntime")
ax.set_title("Digits probabilities, float32")
plt.show()

# %%
# A regressor with normalised targets
# -----------------------------------
# ``NumpyMLPRegressor`` trains on standardised targets and predicts
# ``z * scale + offset``. The export includes that last step, so the ONNX
# model predicts in the targets' units too. In float64 the agreement is to
# rounding.
Xd, yd = load_diabetes(return_X_y=True)
reg = make_pipeline(
    StandardScaler(), NumpyMLPRegressor(max_iter=500, early_stopping=True, random_state=0)
).fit(Xd, yd)
session = ort.InferenceSession(
    to_onnx(reg, Xd[:1]).SerializeToString(), providers=["CPUExecutionProvider"]
)
(prediction,) = session.run(None, {"X": Xd})
print("predictions, first rows:", prediction[:3, 0].round(1), reg.predict(Xd[:3]).round(1))
print("largest difference: %.1e" % np.abs(prediction[:, 0] - reg.predict(Xd)).max())
# sphinx_gallery_start_ignore
assert np.abs(prediction[:, 0] - reg.predict(Xd)).max() <= 1e-9
# sphinx_gallery_end_ignore
