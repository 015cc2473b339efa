"""The progress of the stochastic solvers' epoch loop: the loss curve, the
validation scores, the count of epochs without improvement and the best
weights so far."""

import numpy as np

__all__ = ["EpochProgress", "TrainingState"]


class EpochProgress:
    """Everything the epoch loop reads and updates between calls.

    Kept apart from the estimator so that a failed call leaves the estimator
    untouched; ``warm_start`` and ``partial_fit`` continue from a copy of it
    (stored between calls as a dict, see :mod:`sknumpynet._solvers.saved_state`).
    """

    def __init__(self, early_stopping):
        self.loss_curve = []
        self.t = 0
        self.no_improvement_count = 0
        self.best_loss = None if early_stopping else np.inf
        self.validation_scores = [] if early_stopping else None
        self.validation_loss_curve = [] if early_stopping else None
        self.best_validation_score = -np.inf if early_stopping else None
        self.best_validation_loss = np.inf if early_stopping else None
        self.best_theta = None
        # the mean step of each epoch (its batches weighted by their rows)
        self.learning_rate_curve = []

    def record(self, loss, score, val_loss, theta, tol, ties_by_loss=False):
        """Add an epoch's training loss (and, with early stopping, its
        validation score and loss) and count it as an improvement or not.
        The best epoch so far is the first with the highest score or, with
        ``ties_by_loss``, the one with the lowest validation loss among
        those with the highest score."""
        if score is not None:
            self.validation_scores.append(score)
            self.validation_loss_curve.append(val_loss)
            if score < self.best_validation_score + tol:
                self.no_improvement_count += 1
            else:
                self.no_improvement_count = 0
            better = score > self.best_validation_score or (
                ties_by_loss
                and score == self.best_validation_score
                and val_loss < self.best_validation_loss
            )
            if better:
                self.best_validation_score = score
                self.best_validation_loss = val_loss
                self.best_theta = theta.copy()
        else:
            if loss > self.best_loss - tol:
                self.no_improvement_count += 1
            else:
                self.no_improvement_count = 0
            if loss < self.best_loss:
                self.best_loss = loss


#: The name under which models pickled by sknumpynet 0.1.0 (state format 1)
#: refer to this class, through the module alias ``sknumpynet._stochastic``.
TrainingState = EpochProgress
