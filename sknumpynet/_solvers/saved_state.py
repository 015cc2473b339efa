"""What a fitted estimator keeps between calls, as plain data, and the
version check of a saved model.

The epoch loop works on optimiser objects (``optimizers.SGD`` / ``Adam``)
and a ``progress.EpochProgress``. Between calls the estimator stores them
as dicts of numbers, strings, lists and arrays (``_optimizer`` and
``_training_state``), so that a saved model holds no instance of a private
class: ``skops.io`` then needs only the public estimator classes trusted,
and a pickle does not depend on these classes' layout. The conversion
happens at the boundary of ``fit`` / ``partial_fit``: a call starts from new
objects built from copies of the stored dicts, so a stored state is never
changed by a later call, and stores the dicts of the objects it ends with.

:class:`PersistenceMixin` records sknumpynet's version and the number of this
storage format in every pickle (and skops file) and checks them on loading:
a model saved in an older format is upgraded, one saved in a newer format
than this code reads is refused with both versions named.

The stored dicts are the objects' attributes, so renaming, adding or
removing an attribute of ``SGD``, ``Adam`` or ``EpochProgress`` (or of the
estimators' fitted state) changes the format: increase
:data:`STATE_FORMAT` and add to ``_UPGRADES`` the function that brings a
dict of the previous format up to date. ``tests/test_persistence.py``
loads models saved in every earlier format (``tests/fixtures/persistence``)
and continues their training, so a forgotten upgrade fails there.
"""

import re
import warnings

import numpy as np

from .optimizers import SGD, Adam
from .progress import EpochProgress

__all__ = [
    "STATE_FORMAT",
    "PersistenceMixin",
    "optimizer_as_dict",
    "optimizer_from_dict",
    "progress_as_dict",
    "progress_from_dict",
]

#: Number of the layout of a fitted estimator's ``__dict__``.
#: 1 (sknumpynet 0.1.0 before it was numbered): ``_optimizer`` and
#: ``_training_state`` are instances of SGD / Adam and TrainingState (now EpochProgress).
#: 2: they are plain dicts (see :func:`optimizer_as_dict`, :func:`progress_as_dict`).
#: 3: ``dropout``, ``weight_decay``, ``warmup_iter`` (and the classifier's
#: ``label_smoothing``), ``learning_rate_curve_``; the optimisers' weight
#: decay and scheduled step, the epoch progress's step per epoch.
#: 4: the optimisers' ``step_scales`` and Adam's scaling layer (``scaling``,
#: ``feature_scale``, ``feature_base``, ``scale_m``, ``scale_v``), which the
#: tabular estimators use; the epoch progress's ``best_validation_loss``.
STATE_FORMAT = 4

_OPTIMIZERS = {"sgd": SGD, "adam": Adam}


def _plain(value):
    """``value`` with NumPy scalars as Python numbers, and a list or tuple
    (of numbers: the states hold no nested lists) as a new list. Arrays are
    shared, not copied: the objects converted here are the ones a fit has
    just finished with and drops."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [v.item() if isinstance(v, np.generic) else v for v in value]
    return value


def _copied(state):
    """A copy of a stored state dict deep enough for a fit to change: new
    arrays and new lists (of immutable numbers)."""
    return {
        k: v.copy() if isinstance(v, np.ndarray) else list(v) if isinstance(v, list) else v
        for k, v in state.items()
    }


def optimizer_as_dict(optimizer):
    """The optimiser as a dict: its class name (``"sgd"``, ``"adam"``) and
    its public attributes (learning rates, hyper-parameters, step count,
    moment or velocity vectors); ``None`` for ``None``."""
    if optimizer is None:
        return None
    name = {cls: key for key, cls in _OPTIMIZERS.items()}[type(optimizer)]
    state = {k: _plain(v) for k, v in vars(optimizer).items() if not k.startswith("_")}
    return {"optimizer": name, **state}


def optimizer_from_dict(state):
    """A new optimiser object from :func:`optimizer_as_dict`'s dict (a copy:
    stepping it leaves ``state`` as it was); ``None`` for ``None``."""
    if state is None:
        return None
    state = dict(state)
    cls = _OPTIMIZERS[state.pop("optimizer")]
    optimizer = cls.__new__(cls)
    optimizer.__dict__.update(_copied(state))
    if cls is Adam:
        optimizer._scratch = np.empty_like(optimizer.m)
    return optimizer


def progress_as_dict(state):
    """The epoch loop's :class:`EpochProgress` as a dict (``None`` for
    ``None``)."""
    if state is None:
        return None
    return {k: _plain(v) for k, v in vars(state).items()}


def progress_from_dict(state):
    """A new :class:`EpochProgress` from :func:`progress_as_dict`'s dict (a
    copy); ``None`` for ``None``."""
    if state is None:
        return None
    training = EpochProgress.__new__(EpochProgress)
    training.__dict__.update(_copied(state))
    return training


def _upgrade_from_1(state):
    """Format 1 to 2: the optimiser and training state objects become dicts."""
    optimizer = state.get("_optimizer")
    if optimizer is not None and not isinstance(optimizer, dict):
        state["_optimizer"] = optimizer_as_dict(optimizer)
    training = state.get("_training_state")
    if training is not None and not isinstance(training, dict):
        state["_training_state"] = progress_as_dict(training)
    return state


def _upgrade_from_2(state):
    """Format 2 to 3: the training options added in 3 at their defaults
    (which train as format 2 did); the steps of the epochs already run are
    not known (NaN)."""
    for name, default in [("dropout", 0.0), ("weight_decay", 0.0), ("warmup_iter", 0)]:
        state.setdefault(name, default)
    if "class_weight" in state:  # a classifier
        state.setdefault("label_smoothing", 0.0)
    optimizer = state.get("_optimizer")
    if optimizer is not None:
        optimizer.setdefault("weight_decay", 0.0)
        optimizer.setdefault("n_coef", 0)
        if optimizer["optimizer"] == "adam":
            optimizer.setdefault("rate", optimizer["learning_rate_init"])
    training = state.get("_training_state")
    if training is not None:
        training.setdefault("learning_rate_curve", [float("nan")] * len(training["loss_curve"]))
    if "coefs_" in state and "learning_rate_curve_" not in state:
        curve = None if training is None else training["learning_rate_curve"]
        state["learning_rate_curve_"] = None if curve is None else list(curve)
    return state


def _upgrade_from_3(state):
    """Format 3 to 4: one step size for every parameter, no scaling layer."""
    optimizer = state.get("_optimizer")
    if optimizer is not None:
        optimizer.setdefault("step_scales", None)
        if optimizer["optimizer"] == "adam":
            for name in ("scaling", "feature_scale", "feature_base", "scale_m", "scale_v"):
                optimizer.setdefault(name, None)
    training = state.get("_training_state")
    if training is not None:
        scores, losses = training.get("validation_scores"), training.get("validation_loss_curve")
        best = None if scores is None else float("inf")
        if scores and losses:  # the loss of the first epoch with the best score
            best = losses[int(np.argmax(scores))]
        training.setdefault("best_validation_loss", best)
    return state


_UPGRADES = {1: _upgrade_from_1, 2: _upgrade_from_2, 3: _upgrade_from_3}


def _version():
    from .. import __version__

    return __version__


def _release(version):
    """The release numbers of a version string, ``(0, 2, 0)`` for
    ``"0.2.0.dev1"``; ``None`` for anything else (such as ``"0.1.0 or
    older"``, stamped on models saved before versions were recorded)."""
    match = re.fullmatch(r"(\d+(?:\.\d+)*)(?:[.+-]?[a-z].*)?", str(version))
    return tuple(int(n) for n in match.group(1).split(".")) if match else None


def _warn_if_newer(name, saved_by):
    """Warn when a model comes from a newer sknumpynet than the installed one:
    its state format is one this code reads, but its behaviour may differ."""
    saved, installed = _release(saved_by), _release(_version())
    if saved is not None and installed is not None and saved > installed:
        warnings.warn(
            "This %s was saved by sknumpynet %s, newer than the installed %s: it "
            "may predict or train differently here. Install sknumpynet %s or newer "
            "to use it as it was saved." % (name, saved_by, _version(), saved_by),
            UserWarning,
            stacklevel=3,
        )


class PersistenceMixin:
    """Version stamps in ``__getstate__``, checked by ``__setstate__``."""

    def __getstate__(self):
        # a copy: BaseEstimator returns the instance's own __dict__ here
        state = dict(super().__getstate__())
        state["_sknumpynet_version"] = _version()
        state["_sknumpynet_state_format"] = STATE_FORMAT
        return state

    def __setstate__(self, state):
        state = dict(state)
        saved_by = state.pop("_sknumpynet_version", "0.1.0 or older")
        fmt = state.pop("_sknumpynet_state_format", 1)
        if not isinstance(fmt, int) or not 1 <= fmt <= STATE_FORMAT:
            raise ValueError(
                "This %s was saved by sknumpynet %s (state format %r), but the "
                "installed sknumpynet %s reads state formats 1 to %d only. Load it "
                "with sknumpynet %s or newer, or fit the model again."
                % (type(self).__name__, saved_by, fmt, _version(), STATE_FORMAT, saved_by)
            )
        _warn_if_newer(type(self).__name__, saved_by)
        for old in range(fmt, STATE_FORMAT):
            state = _UPGRADES[old](state)
        super().__setstate__(state)
