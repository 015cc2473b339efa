"""sknumpynet: a NumPy multi-layer perceptron for scikit-learn.

The package exposes two estimators, :class:`NumpyMLPClassifier` and
:class:`NumpyMLPRegressor`, drop-in replacements for
:class:`sklearn.neural_network.MLPClassifier` and
:class:`sklearn.neural_network.MLPRegressor`, and
:class:`LossCurveDisplay`, which plots their training curves.
"""

import sys

from ._classifier import NumpyMLPClassifier
from ._display import LossCurveDisplay
from ._regressor import NumpyMLPRegressor
from ._solvers import optimizers as _optimizers
from ._solvers import progress as _progress

# Models pickled by sknumpynet 0.1.0 (state format 1, see
# sknumpynet._solvers.saved_state) name the modules their optimiser and
# training state classes lived in then (``_stochastic.TrainingState`` is
# now ``_solvers.progress.EpochProgress``).
sys.modules.setdefault(__name__ + "._stochastic", _progress)
sys.modules.setdefault(__name__ + "._optimizers", _optimizers)

__version__ = "0.1.0"

__all__ = ["LossCurveDisplay", "NumpyMLPClassifier", "NumpyMLPRegressor", "__version__"]
