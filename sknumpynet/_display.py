"""LossCurveDisplay: the training curves of a fitted network.

matplotlib is imported when a curve is drawn, never at import time: it is
not a dependency of the package.
"""

import numpy as np
from sklearn.base import is_classifier
from sklearn.utils.validation import check_is_fitted

__all__ = ["LossCurveDisplay"]


def _pyplot(what):
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"{what} requires matplotlib. You can install matplotlib with `pip install matplotlib`."
        ) from exc
    return plt


class LossCurveDisplay:
    """Loss per epoch of a fitted network, with its validation curves.

    The training loss (``loss_curve_``) per epoch or L-BFGS iteration; with
    early stopping, the validation loss (``validation_loss_curve_``) on the
    same axis and the validation score (``validation_scores_``) on a second
    one; the best epoch marked by a vertical line. Create it with
    :meth:`from_estimator`; the constructor takes the curves themselves.

    Parameters
    ----------
    loss_curve : array-like of shape (n_epochs,)
        Training loss after each epoch.

    validation_loss_curve : array-like of shape (n_epochs,), default=None
        Loss on the held-out split after each epoch.

    validation_scores : array-like of shape (n_epochs,), default=None
        Score on the held-out split after each epoch.

    best_epoch : int, default=None
        The epoch to mark (counted from 1), or ``None`` for no mark.

    best_epoch_label : str, default="best epoch"
        Legend entry of the mark.

    score_name : str, default="validation score"
        Label of the score axis.

    x_label : str, default="epoch"
        Label of the horizontal axis.

    estimator_name : str, default=None
        Title of the plot.

    Attributes
    ----------
    ax_ : matplotlib Axes
        Axes with the loss curves.

    score_ax_ : matplotlib Axes or None
        Second vertical axis with the validation scores, sharing ``ax_``'s
        horizontal axis; ``None`` without validation scores.

    figure_ : matplotlib Figure
        Figure containing the curves.

    lines_ : list of matplotlib Line2D
        The training loss, then the validation loss and the validation
        score when present.

    best_epoch_line_ : matplotlib Line2D or None
        The vertical line at the best epoch.

    See Also
    --------
    sklearn.model_selection.LearningCurveDisplay : Scores against the
        number of training samples.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_iris
    >>> from sknumpynet import LossCurveDisplay, NumpyMLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = NumpyMLPClassifier(early_stopping=True, random_state=0).fit(X, y)
    >>> display = LossCurveDisplay.from_estimator(clf)
    >>> [line.get_label() for line in display.lines_]
    ['training loss', 'validation loss', 'validation accuracy']
    >>> len(display.lines_[0].get_xdata()) == clf.n_iter_
    True
    """

    def __init__(
        self,
        loss_curve,
        *,
        validation_loss_curve=None,
        validation_scores=None,
        best_epoch=None,
        best_epoch_label="best epoch",
        score_name="validation score",
        x_label="epoch",
        estimator_name=None,
    ):
        self.loss_curve = loss_curve
        self.validation_loss_curve = validation_loss_curve
        self.validation_scores = validation_scores
        self.best_epoch = best_epoch
        self.best_epoch_label = best_epoch_label
        self.score_name = score_name
        self.x_label = x_label
        self.estimator_name = estimator_name

    def plot(self, ax=None, *, name=None, line_kw=None):
        """Draw the curves.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw the losses on; a new figure when ``None``.

        name : str, default=None
            Title of the plot; ``estimator_name`` when ``None``.

        line_kw : dict, default=None
            Keyword arguments for every ``ax.plot`` call.

        Returns
        -------
        display : LossCurveDisplay
            The display, with its matplotlib objects as attributes.
        """
        plt = _pyplot("LossCurveDisplay.plot")
        if ax is None:
            _, ax = plt.subplots()
        line_kw = {} if line_kw is None else dict(line_kw)
        loss = np.asarray(self.loss_curve, dtype=float)
        epochs = np.arange(1, len(loss) + 1)

        self.lines_ = ax.plot(epochs, loss, color="C0", label="training loss", **line_kw)
        if self.validation_loss_curve is not None:
            self.lines_ += ax.plot(
                epochs,
                np.asarray(self.validation_loss_curve, dtype=float),
                color="C1",
                label="validation loss",
                **line_kw,
            )
        ax.set_xlabel(self.x_label)
        ax.set_ylabel("loss")

        self.score_ax_ = None
        if self.validation_scores is not None:
            self.score_ax_ = ax.twinx()
            self.lines_ += self.score_ax_.plot(
                epochs,
                np.asarray(self.validation_scores, dtype=float),
                color="C2",
                linestyle="--",
                label=self.score_name,
                **line_kw,
            )
            self.score_ax_.set_ylabel(self.score_name)

        self.best_epoch_line_ = None
        if self.best_epoch is not None:
            self.best_epoch_line_ = ax.axvline(
                self.best_epoch, color="C3", linestyle=":", label=self.best_epoch_label
            )
        handles = self.lines_ + ([self.best_epoch_line_] if self.best_epoch_line_ else [])
        ax.legend(handles=handles, loc="best", fontsize="small")

        name = self.estimator_name if name is None else name
        if name is not None:
            ax.set_title(name)
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_estimator(cls, estimator, *, ax=None, name=None, line_kw=None):
        """Draw the curves of a fitted network.

        ``estimator`` is a fitted :class:`NumpyMLPClassifier` or
        :class:`NumpyMLPRegressor`, or a pipeline ending with one. The mark
        is at the best validation score with early stopping (the epoch whose
        weights the estimator keeps), and at the lowest training loss
        otherwise.

        Parameters
        ----------
        estimator : fitted estimator
            With ``loss_curve_`` (and, with early stopping,
            ``validation_loss_curve_`` and ``validation_scores_``).

        ax : matplotlib Axes, default=None
            Axes to draw the losses on; a new figure when ``None``.

        name : str, default=None
            Title of the plot; the estimator's class name when ``None``.

        line_kw : dict, default=None
            Keyword arguments for every ``ax.plot`` call.

        Returns
        -------
        display : LossCurveDisplay
            The display, drawn.
        """
        _pyplot("LossCurveDisplay.from_estimator")
        if hasattr(estimator, "steps"):  # a pipeline: its final step
            estimator = estimator[-1]
        check_is_fitted(estimator, "loss_curve_")
        scores = getattr(estimator, "validation_scores_", None)
        if scores is not None and len(scores):
            best_epoch, label = int(np.argmax(scores)) + 1, "best epoch (weights kept)"
        else:
            scores = None
            best_epoch, label = int(np.argmin(estimator.loss_curve_)) + 1, "lowest loss"
        validation_loss = getattr(estimator, "validation_loss_curve_", None)
        lbfgs = getattr(estimator, "solver", None) == "lbfgs"
        display = cls(
            estimator.loss_curve_,
            validation_loss_curve=validation_loss if scores is not None else None,
            validation_scores=scores,
            best_epoch=best_epoch,
            best_epoch_label=label,
            score_name=("validation accuracy" if is_classifier(estimator) else "validation R²"),
            x_label="L-BFGS iteration" if lbfgs else "epoch",
            estimator_name=type(estimator).__name__,
        )
        return display.plot(ax=ax, name=name, line_kw=line_kw)
