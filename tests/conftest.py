"""Fixtures shared by the test modules.

The test folders mirror the package's layers (``nn``, ``solvers``,
``targets``, ``threads``, ``dask_arrays``), then the estimators alone
(``estimators``) and with scikit-learn (``sklearn_compat``), the
documentation (``docs``) and the benchmarks' accuracy targets
(``accuracy_targets``). No folder has an ``__init__.py``: pytest puts this
directory (and each test module's own folder) on ``sys.path``, so the test
modules import the helper modules kept here (``blas_expectations``,
``training_problems``, ``weights``, ``benchmark_modules``,
``feature_reference``) and in their own
folder by name; test module names are therefore unique across folders.

``ConvergenceWarning`` is ignored for every test in ``pyproject.toml``
(``[tool.pytest.ini_options] filterwarnings``): most tests stop training
after a few epochs on purpose. The tests about that warning still see it:
``pytest.warns`` records every warning whatever the filters say, and a test
that needs the warning to be an error says so inside its own
``warnings.catch_warnings()``.
"""

import pytest
from threadpoolctl import threadpool_limits


@pytest.fixture
def single_threaded_blas():
    """BLAS on one thread for the test (``pytest.mark.usefixtures`` it).

    The tests that use it multiply matrices of a few hundred rows at most, for
    which OpenBLAS's threads cost far more than they save on a shared 2-core
    machine (up to 20x for the scikit-learn suite's
    ``test_partial_fit_classification``). No result depends on the number of
    threads: every comparison is within one process.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@pytest.fixture
def global_random_seed():
    """scikit-learn's fixture of the same name, at its default seed (42)
    (its conftest, which defines it, is not loaded here); the tests of
    scikit-learn's suite that ``sklearn_mlp_harness`` runs ask for it."""
    return 42
