"""sknumpynet: a NumPy multi-layer perceptron for scikit-learn.

The package exposes one estimator, :class:`NumpyMLPClassifier`, a drop-in
replacement for :class:`sklearn.neural_network.MLPClassifier`.
"""

from ._classifier import NumpyMLPClassifier

__version__ = "0.1.0"

__all__ = ["NumpyMLPClassifier", "__version__"]
