"""Machinery to run scikit-learn's own ``test_mlp.py`` against this package.

The installed ``sklearn/neural_network/tests/test_mlp.py`` is imported (not
copied). A test suite built on this module picks one of scikit-learn's two
estimators (``"MLPClassifier"`` or ``"MLPRegressor"``) and runs every test
function that exercises it with that module global replaced by a subclass of
this package's estimator whose defaults are scikit-learn's
(:func:`with_sklearn_defaults`). Parametrized tests get their parameters
from their own ``pytest.mark.parametrize`` marks; a value that is the chosen
estimator is swapped for the replacement, and parameter sets that select the
other estimator are left to the other suite.

Used by ``test_sklearn_mlp_suite.py`` (classifier) and
``test_sklearn_mlp_regressor_suite.py`` (regressor).
"""

import inspect
import itertools
import types

import pytest
import sklearn.neural_network
import sklearn.neural_network.tests.test_mlp as sk_tests

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

__all__ = [
    "SKLEARN_DEFAULTS",
    "SKLEARN_REGRESSOR_DEFAULTS",
    "SklearnDefaultsNumpyMLP",
    "SklearnDefaultsNumpyMLPRegressor",
    "collect",
    "run_sklearn_test",
    "sk_tests",
    "uncovered_tests",
    "uses_global",
]

# ------------------------------------------------------------ the replacements

#: The defaults of NumpyMLPClassifier that differ from MLPClassifier's (alpha),
#: and those that resolve to MLPClassifier's at fit time, pinned.
SKLEARN_DEFAULTS = {"activation": "relu", "learning_rate_init": 1e-3, "alpha": 1e-4}

#: The defaults of NumpyMLPRegressor that differ from MLPRegressor's.
SKLEARN_REGRESSOR_DEFAULTS = {"normalize_y": False}


def with_sklearn_defaults(base, defaults, name):
    """A subclass of ``base`` named ``name`` whose defaults are ``defaults``.

    The signature is ``base``'s own (so parameters added to it are picked
    up) with the given defaults; it is published as
    ``__init__.__signature__``, which is what ``get_params`` and ``clone``
    read. The class counts its instances in ``instances_created``, so that
    a test can check that it was used. It lives in this module under
    ``name``, so instances pickle.
    """
    base_signature = inspect.signature(base.__init__)
    assert set(defaults) <= set(base_signature.parameters), name
    signature = base_signature.replace(
        parameters=[
            p.replace(default=defaults[p.name]) if p.name in defaults else p
            for p in base_signature.parameters.values()
        ]
    )

    def __init__(self, *args, **kwargs):
        cls.instances_created += 1
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        del bound.arguments["self"]
        base.__init__(self, **bound.arguments)

    __init__.__signature__ = signature
    __init__.__qualname__ = name + ".__init__"
    cls = type(
        name,
        (base,),
        {
            "__init__": __init__,
            "__module__": __name__,
            "__doc__": "%s with scikit-learn's defaults %r." % (base.__name__, defaults),
            "instances_created": 0,
        },
    )
    return cls


SklearnDefaultsNumpyMLP = with_sklearn_defaults(
    NumpyMLPClassifier, SKLEARN_DEFAULTS, "SklearnDefaultsNumpyMLP"
)
SklearnDefaultsNumpyMLPRegressor = with_sklearn_defaults(
    NumpyMLPRegressor, SKLEARN_REGRESSOR_DEFAULTS, "SklearnDefaultsNumpyMLPRegressor"
)

#: scikit-learn's estimator name -> its replacement.
REPLACEMENTS = {
    "MLPClassifier": SklearnDefaultsNumpyMLP,
    "MLPRegressor": SklearnDefaultsNumpyMLPRegressor,
}


# -------------------------------------------------------- which tests to run


def uses_global(code, name):
    """Whether a code object (or one nested in it) reads the global ``name``."""
    if name in code.co_names:
        return True
    return any(
        uses_global(const, name) for const in code.co_consts if isinstance(const, types.CodeType)
    )


def _value_id(argname, value, index):
    # pytest's default ids: scalars and strings as they are, classes and
    # functions by name, anything else as argname + index.
    if isinstance(value, (str, int, float, bool)) or value is None:
        return str(value)
    if isinstance(value, (type, types.FunctionType)):
        return value.__name__
    return "%s%d" % (argname, index)


def _parameter_sets(func):
    """``(id, {argname: value}, marks)`` for every parameter combination of ``func``.

    Built from the function's own ``parametrize`` marks (the bottom decorator
    first, as pytest orders ids); several marks give their cartesian product.
    """
    marks = list(getattr(func, "pytestmark", []))
    axes = []
    for mark in marks:
        if mark.name != "parametrize":
            continue
        assert not mark.kwargs.get("indirect"), func.__name__
        argnames, argvalues = mark.args[:2]
        if isinstance(argnames, str):
            argnames = [a.strip() for a in argnames.split(",") if a.strip()]
        ids = mark.kwargs.get("ids")
        axis = []
        for index, entry in enumerate(argvalues):
            param_marks = []
            entry_id = None
            if isinstance(entry, type(pytest.param(None))):  # a pytest.param(...)
                param_marks, entry_id, entry = list(entry.marks), entry.id, entry.values
            elif len(argnames) == 1:
                entry = (entry,)
            values = dict(zip(argnames, entry, strict=True))
            if entry_id is None and isinstance(ids, (list, tuple)):
                entry_id = str(ids[index])
            elif entry_id is None and callable(ids):
                entry_id = "-".join(str(ids(v)) for v in values.values())
            if entry_id is None:
                entry_id = "-".join(_value_id(a, v, index) for a, v in values.items())
            axis.append((entry_id, values, param_marks))
        axes.append(axis)
    other_marks = [m for m in marks if m.name != "parametrize"]
    for combination in itertools.product(*axes):
        values, param_marks = {}, list(other_marks)
        for _, v, m in combination:
            values.update(v)
            param_marks.extend(m)
        yield "-".join(c[0] for c in combination), values, param_marks


def _substitute(values, sk_name):
    """Swap sklearn's ``sk_name`` for its replacement; None if the set
    selects another of sklearn's MLP estimators."""
    estimator = getattr(sklearn.neural_network, sk_name)
    others = [getattr(sklearn.neural_network, n) for n in REPLACEMENTS if n != sk_name]
    out = {}
    for name, value in values.items():
        if any(value is other for other in others):
            return None
        out[name] = REPLACEMENTS[sk_name] if value is estimator else value
    return out


def collect(sk_name, excluded):
    """``pytest.param(test_name, params)`` for every parameter set of every
    sklearn test that exercises ``sk_name``, except the ``excluded`` tests
    (every name in ``excluded`` must be such a test)."""
    estimator = getattr(sklearn.neural_network, sk_name)
    cases, seen = [], set()
    for name, func in sorted(vars(sk_tests).items()):
        if not name.startswith("test_") or not callable(func):
            continue
        for case_id, values, marks in _parameter_sets(func):
            uses = uses_global(func.__code__, sk_name) or any(
                v is estimator for v in values.values()
            )
            values = _substitute(values, sk_name)
            if values is None or not uses:
                continue  # for another estimator
            seen.add(name)
            if name in excluded:
                continue
            full_id = "%s[%s]" % (name, case_id) if case_id else name
            cases.append(pytest.param(name, values, id=full_id, marks=marks))
    unknown = set(excluded) - seen
    assert not unknown, "excluded names no %s test of sklearn: %s" % (sk_name, unknown)
    return cases


def uncovered_tests(sk_name, cases, excluded):
    """sklearn tests that read the global ``sk_name`` but are neither run
    nor excluded (should be empty)."""
    run = {p.values[0] for p in cases}
    assert run and not run & set(excluded)
    return [
        name
        for name, func in vars(sk_tests).items()
        if name.startswith("test_")
        and uses_global(func.__code__, sk_name)
        and name not in run
        and name not in excluded
    ]


# ------------------------------------------------------------- running one


def run_sklearn_test(sk_name, test_name, params, monkeypatch, request):
    """Run one sklearn test (with its parameters) against the replacement
    of ``sk_name``; fail if it trains a genuine sklearn MLP or never builds
    the replacement."""
    replacement = REPLACEMENTS[sk_name]
    func = getattr(sk_tests, test_name)
    monkeypatch.setattr(sk_tests, sk_name, replacement)

    def _genuine_mlp_used(*args, **kwargs):
        raise AssertionError("%s trained one of sklearn's own MLPs" % test_name)

    # A pass must mean that this package's estimator passed: training a
    # genuine sklearn MLP (reached some other way than the module global) fails.
    for name in REPLACEMENTS:
        for method in ("fit", "partial_fit"):
            monkeypatch.setattr(getattr(sklearn.neural_network, name), method, _genuine_mlp_used)
    kwargs = {}
    for argname in inspect.signature(func).parameters:
        kwargs[argname] = params[argname] if argname in params else request.getfixturevalue(argname)
    created = replacement.instances_created
    func(**kwargs)
    assert replacement.instances_created > created, "the test never built one"
