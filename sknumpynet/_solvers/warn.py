"""Warnings of a fit, attributed to the line that called ``fit``."""

import os
import sys
import warnings

import sklearn

__all__ = ["warn_fit_caller"]

_SKIPPED = (
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep,
    os.path.join(os.path.dirname(os.path.abspath(sklearn.__file__)), "base.py"),
)


def warn_fit_caller(message, category=UserWarning):
    """``warnings.warn`` with the first frame outside sknumpynet (and the
    ``_fit_context`` wrapper of scikit-learn's ``base.py``) as its source:
    the frames between a solver and the user's ``fit`` call vary."""
    frame, level = sys._getframe(1), 2  # level 2: the frame that called this one
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_SKIPPED):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
