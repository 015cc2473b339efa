"""sknumpynet: a NumPy multi-layer perceptron for scikit-learn.

The package exposes two drop-in estimators, :class:`NumpyMLPClassifier` and
:class:`NumpyMLPRegressor`, replacements for
:class:`sklearn.neural_network.MLPClassifier` and
:class:`sklearn.neural_network.MLPRegressor`; two estimators for tabular
data with tuned defaults, :class:`TabularMLPClassifier` and
:class:`TabularMLPRegressor`; and :class:`LossCurveDisplay`, which plots
their training curves.
"""

import sys

from ._classifier import NumpyMLPClassifier
from ._display import LossCurveDisplay
from ._regressor import NumpyMLPRegressor
from ._solvers import optimizers as _optimizers
from ._solvers import progress as _progress
from ._tabular import TabularMLPClassifier, TabularMLPRegressor

# Models pickled by sknumpynet 0.1.0 (state format 1, see
# sknumpynet._solvers.saved_state) name the modules their optimiser and
# training state classes lived in then (``_stochastic.TrainingState`` is
# now ``_solvers.progress.EpochProgress``).
sys.modules.setdefault(__name__ + "._stochastic", _progress)
sys.modules.setdefault(__name__ + "._optimizers", _optimizers)

__version__ = "0.2.0"

__all__ = [
    "LossCurveDisplay",
    "NumpyMLPClassifier",
    "NumpyMLPRegressor",
    "TabularMLPClassifier",
    "TabularMLPRegressor",
    "__version__",
]
