"""The tabular estimators: the drop-ins with RealMLP's recipe (robust
input scaling inside, the NTK parametrisation, tuned defaults)."""

from .classifier import TabularMLPClassifier
from .regressor import TabularMLPRegressor

__all__ = ["TabularMLPClassifier", "TabularMLPRegressor"]
