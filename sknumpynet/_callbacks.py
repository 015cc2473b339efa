"""scikit-learn's callback API (``sklearn.callback``, scikit-learn 1.9+).

A fit is one root task with one subtask per epoch (``'sgd'``, ``'adam'``)
or per L-BFGS iteration. The training loops call a *monitor* at the start
and end of each subtask; :func:`fit_monitor` gives them a real one only when
callbacks are set (directly or propagated by a meta-estimator) and a no-op
one otherwise, so that a fit without callbacks does no callback work.

The callback context lives in :func:`fit_monitor`'s local variables, never
on the estimator:

- the fit transaction trains a draft copy of the estimator and publishes it
  only on success; a context created on the draft would be lost with it
  when the fit raises, and its callbacks (``ProgressBar``'s display thread)
  never torn down;
- ``_fit_context`` tears down whatever context it finds on the estimator
  when the wrapped method returns: an inner ``partial_fit`` called from an
  outer ``fit`` would tear the outer call's callbacks down early.

So each call sets its callbacks up and tears down exactly those, in a
``finally``, whatever happens in between. On scikit-learn < 1.9,
:class:`CallbackSupportMixin` is an empty stand-in and fits run without
callbacks.
"""

import builtins
from contextlib import contextmanager

from ._nn.parameters import unpack

try:
    from sklearn.callback import CallbackSupportMixin
except ImportError:  # scikit-learn < 1.9 has no callback API

    class CallbackSupportMixin:
        """Stand-in for scikit-learn < 1.9: no ``set_callbacks``."""


__all__ = ["NO_MONITOR", "CallbackSupportMixin", "fit_monitor"]


class _NoMonitor:
    """The monitor of a fit without callbacks: every hook does nothing."""

    def watch(self, draft, layout, out_activation, dtype):
        pass

    def task_begin(self, theta):
        pass

    def task_end(self, theta):
        return False

    def close(self):
        pass

    def end_root(self, draft):
        pass


NO_MONITOR = _NoMonitor()


class _Monitor:
    """Opens and closes the subtasks of one fit's root callback context.

    Parameters
    ----------
    estimator : estimator instance
        The estimator ``fit`` was called on: every hook receives it, as
        ``setup`` did (``ScoringMonitor`` keys its scorers by it).
    context : CallbackContext
        The root task's context.
    task_name : str
        Name of the subtasks (``'epoch'`` or ``'lbfgs iteration'``).
    X, y, metadata
        The data the hooks receive (``ScoringMonitor`` scores on them).
    """

    def __init__(self, estimator, context, task_name, X, y, metadata):
        self._estimator = estimator
        self._context = context
        self._task_name = task_name
        self._data = dict(X=X, y=y, metadata=metadata)
        self._task = None
        self._n_done = 0
        self._model = None

    def watch(self, draft, layout, out_activation, dtype):
        """Record how to turn a parameter vector into fitted attributes."""
        self._model = (draft, layout, out_activation, dtype)

    def _attributes(self, theta, n_iter):
        """``reconstruction_attributes``: a callable, so that the weights are
        copied only when some callback asks for ``fitted_estimator``."""

        def attributes():
            draft, layout, out_activation, dtype = self._model
            # a copy in the model's dtype (L-BFGS works in float64)
            coefs, intercepts = unpack(theta.astype(dtype), layout)
            return {
                # what the draft has fitted so far (classes_, n_features_in_,
                # target scaling...), then the current weights
                **{k: v for k, v in draft.__dict__.items() if not k.startswith("_skl")},
                "coefs_": coefs,
                "intercepts_": intercepts,
                "n_layers_": len(layout.layer_units),
                "n_outputs_": layout.layer_units[-1],
                "out_activation_": out_activation,
                "n_iter_": n_iter,
            }

        return attributes

    def task_begin(self, theta):
        """Open the next subtask (``theta``: the weights it starts from)."""
        if self._task is not None:
            return  # already open: L-BFGS evaluates several times per iteration
        max_subtasks = self._context.max_subtasks
        if max_subtasks is not None and self._n_done >= max_subtasks:
            return  # an evaluation past the last iteration is no new task
        self._task = self._context.subcontext(task_name=self._task_name)
        self._task.call_on_fit_task_begin(
            estimator=self._estimator,
            reconstruction_attributes=self._attributes(theta, self._n_done),
            **self._data,
        )

    def task_end(self, theta):
        """Close the current subtask with the weights it ends with; True if
        a callback asks to stop."""
        self.task_begin(theta)  # a task is always begun before it ends
        task, self._task = self._task, None
        if task is None:
            return False
        self._n_done += 1
        return task.call_on_fit_task_end(
            estimator=self._estimator,
            reconstruction_attributes=self._attributes(theta, self._n_done),
            **self._data,
        )

    def close(self):
        """End a subtask left open by an iteration that did not complete
        (L-BFGS out of function evaluations): an empty task."""
        if self._task is not None:
            task, self._task = self._task, None
            task.call_on_fit_task_end(estimator=self._estimator)

    def end_root(self, draft):
        """End the root task with the draft's final fitted attributes."""
        self._context.call_on_fit_task_end(
            estimator=self._estimator,
            reconstruction_attributes=lambda: {
                k: v for k, v in draft.__dict__.items() if not k.startswith("_skl")
            },
            **self._data,
        )


def _teardown(estimator, context, callbacks):
    """Tear down ``callbacks``, all of them, then raise what they raised."""
    errors = []
    for callback in callbacks:
        try:
            callback.teardown(estimator=estimator, context=context)
        except Exception as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        message = "The following callback teardown errors occurred"
        group = getattr(builtins, "ExceptionGroup", None)  # Python 3.11+
        if group is None:
            raise RuntimeError(
                "%s: %s" % (message, "; ".join(repr(exc) for exc in errors))
            ) from errors[0]
        raise group(message, errors)


@contextmanager
def fit_monitor(estimator, X, y, sample_weight, *, incremental):
    """The monitor of one ``fit`` or ``partial_fit`` call of ``estimator``.

    Yields :data:`NO_MONITOR` when no callback is set and no meta-estimator
    propagates a context. Otherwise creates the root context on
    ``estimator`` (the real one, not the fit's draft), sets the callbacks up,
    begins the root task, yields a monitor for the training loop, and tears
    down exactly the callbacks it set up, whether the fit succeeds or not.
    The caller ends the root task (:meth:`_Monitor.end_root`) on success.
    """
    if not (hasattr(estimator, "_skl_callbacks") or hasattr(estimator, "_parent_callback_ctx")):
        yield NO_MONITOR
        return
    lbfgs = estimator.solver == "lbfgs"
    to_teardown, context = [], None
    try:
        try:
            context = estimator._init_callback_context(
                task_name="partial_fit" if incremental else "fit",
                max_subtasks=1 if incremental else estimator.max_iter,
            )
        finally:
            # kept here, off the estimator: see the module's docstring
            context = estimator.__dict__.pop("_callback_fit_ctx", context)
            to_teardown = estimator.__dict__.pop("_skl_callbacks_to_teardown", [])
        metadata = None if sample_weight is None else {"sample_weight": sample_weight}
        context.call_on_fit_task_begin(estimator=estimator, X=X, y=y, metadata=metadata)
        yield _Monitor(estimator, context, "lbfgs iteration" if lbfgs else "epoch", X, y, metadata)
    finally:
        _teardown(estimator, context, to_teardown)
