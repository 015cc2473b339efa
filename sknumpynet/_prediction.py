"""Prediction through the network: input checks and block-wise output."""

import numpy as np
import scipy.sparse as sp
from sklearn.utils.validation import _assert_all_finite, validate_data

from ._nn.network import output_logits

__all__ = ["NetworkOutputMixin", "check_numeric"]

#: dtype kinds NumPy converts to floats that are not numbers to a network:
#: strings, bytes, dates and time spans (scikit-learn rejects strings too)
_NOT_NUMBERS = {"U": "strings", "S": "bytes", "M": "dates", "m": "time spans"}


def check_numeric(X):
    """Raise a ValueError if the array or DataFrame ``X`` holds strings,
    bytes, dates or time spans, which NumPy would silently convert, or
    (a DataFrame) has text or categorical columns, naming them."""
    dtypes = getattr(X, "dtypes", None)  # a DataFrame's columns
    if dtypes is None or isinstance(dtypes, np.dtype):
        dtypes = [getattr(X, "dtype", None)]
    else:
        _check_text_columns(X)
    for dtype in dtypes:
        kind = getattr(dtype, "kind", None)
        if kind in _NOT_NUMBERS:
            raise ValueError(
                "X holds %s (dtype %s), not numbers. Convert them to numeric "
                "features first (for instance with OrdinalEncoder or OneHotEncoder "
                "for strings, or as numbers of days for dates)." % (_NOT_NUMBERS[kind], dtype)
            )


def _check_text_columns(frame):
    """Name the columns of a DataFrame that hold categories or text (a
    look at the first 100 values of each object column)."""
    columns = getattr(frame, "columns", None)
    if columns is None or not hasattr(frame, "iloc"):
        return
    text = []
    for position, (name, dtype) in enumerate(zip(columns, frame.dtypes)):
        if str(dtype) in ("category", "string", "str"):
            text.append(name)
        elif getattr(dtype, "kind", None) == "O":
            head = frame.iloc[:100, position]
            if any(isinstance(v, (str, bytes)) for v in head):
                text.append(name)
    if text:
        raise ValueError(
            "X has non-numeric columns %s. Encode them first, for instance with "
            "OneHotEncoder in a ColumnTransformer (see the user guide's Tabular "
            "data page)." % text
        )


class NetworkOutputMixin:
    """The fitted network's output for new ``X``, for the estimators'
    ``predict`` methods; reads ``coefs_``, ``intercepts_``, ``activation``
    and ``n_features_in_``, and feeds the network
    ``self._input_features(X)``."""

    def _predict_input(self, X):
        """``X`` validated as ``validate_data`` would, except that dense input
        is not yet checked for NaN and infinity: :meth:`_network_output`
        checks it block by block, while each block is in cache for the
        network anyway.
        A float ndarray of the right width without feature names takes a
        fast path, where the generic checks cost more than a one-row
        prediction."""
        if (
            type(X) is np.ndarray
            and X.ndim == 2
            and X.dtype in (np.float64, np.float32)
            and X.shape[0] > 0
            and X.shape[1] == self.n_features_in_
            and not hasattr(self, "feature_names_in_")
        ):
            return X
        check_numeric(X)
        X = validate_data(
            self,
            X,
            accept_sparse=["csr", "csc"],
            dtype=(np.float64, np.float32),
            ensure_all_finite=False,
            reset=False,
        )
        if sp.issparse(X):
            self._assert_finite(X.data)
        return X

    def _check_weights(self):
        """Raise a ValueError unless ``coefs_`` and ``intercepts_`` form the
        network that was fitted: one weight matrix and one bias vector per
        layer, each layer's width the next one's input (a model whose
        attributes were edited after ``fit`` would otherwise predict an
        array of the wrong shape)."""
        coefs, intercepts = self.coefs_, self.intercepts_
        widths = [self.n_features_in_] + [c.shape[1] for c in coefs if np.ndim(c) == 2]
        consistent = (
            len(coefs) == len(intercepts) == self.n_layers_ - 1
            and len(widths) == len(coefs) + 1
            and widths[-1] == self.n_outputs_
            and all(c.shape[0] == w for c, w in zip(coefs, widths))
            and all(np.shape(b) == (w,) for b, w in zip(intercepts, widths[1:]))
        )
        if not consistent:
            raise ValueError(
                "The fitted weights do not form a network: coefs_ has shapes %s and "
                "intercepts_ %s, for n_layers_=%d, %d features and n_outputs_=%d. "
                "They were changed after fit; fit the model again."
                % (
                    [np.shape(c) for c in coefs],
                    [np.shape(b) for b in intercepts],
                    self.n_layers_,
                    self.n_features_in_,
                    self.n_outputs_,
                )
            )

    def _weights_finite(self):
        return all(np.isfinite(p).all() for p in self.coefs_ + self.intercepts_)

    def _assert_finite(self, X):
        """scikit-learn's error for NaN or infinity in ``X``. Summing first
        is the fast test; only a non-finite sum (NaN, infinity, or finite
        values that overflow) needs the element-wise check."""
        if not np.isfinite(np.sum(X)):
            _assert_all_finite(X, input_name="X", estimator_name=type(self).__name__)

    def _network_output(self, X, unit=None):
        """The network's output for ``X``, validated here: its logits or,
        given ``unit`` (an output unit or its logarithm), ``unit`` applied to
        each block of logits as it is computed. Finite, or a clear
        ValueError. The caller checks that the model is fitted."""
        self._check_weights()
        caller_errstate = np.geterr()

        def finish(X_block, z):
            if not sp.issparse(X_block):
                self._assert_finite(X_block)
            if not np.isfinite(z).all():
                if np.isnan(z).any() and not self._weights_finite():
                    raise ValueError(
                        "The model's weights (coefs_, intercepts_) contain NaN or "
                        "infinity, so its output is not a number: fit it again."
                    )
                if np.isnan(z).any():
                    raise ValueError(
                        "The network's output is not a number for some rows of X: their "
                        "values are too large for %s arithmetic. Scale the input "
                        "features." % z.dtype
                    )
                big = np.finfo(z.dtype).max
                np.clip(z, -big, big, out=z)
            if unit is not None:
                # the output unit must not overflow: run it with the caller's
                # floating-point error handling, not the one set below
                with np.errstate(**caller_errstate):
                    result = unit(z)
                if result is not z:
                    z[...] = result

        # The finiteness check sums X, and huge finite inputs overflow in the
        # hidden layers; the logits are checked above.
        with np.errstate(over="ignore", invalid="ignore"):
            X = self._input_features(self._predict_input(X), predicting=True)
            return output_logits(X, self.coefs_, self.intercepts_, self.activation, finish=finish)
