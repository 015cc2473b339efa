"""sknumpynet: a NumPy multi-layer perceptron for scikit-learn.

The package exposes two estimators, :class:`NumpyMLPClassifier` and
:class:`NumpyMLPRegressor`, drop-in replacements for
:class:`sklearn.neural_network.MLPClassifier` and
:class:`sklearn.neural_network.MLPRegressor`, and
:class:`LossCurveDisplay`, which plots their training curves.
"""

from ._classifier import NumpyMLPClassifier
from ._display import LossCurveDisplay
from ._regressor import NumpyMLPRegressor

__version__ = "0.1.0"

__all__ = ["LossCurveDisplay", "NumpyMLPClassifier", "NumpyMLPRegressor", "__version__"]
