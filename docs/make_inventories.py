"""Write the intersphinx inventories in docs/inventories/ from installed packages.

The documentation links names of Python, NumPy, SciPy, scikit-learn and
Matplotlib to those projects' online documentation through intersphinx. The
build must work without a network, so it cannot download their
``objects.inv``; this script writes an equivalent inventory for each from the
installed package instead, with the URL of every public function, class and
method following the project's documented URL scheme (for scikit-learn:
``modules/generated/<full.dotted.name>.html``). The files are committed, and
``conf.py`` points ``intersphinx_mapping`` at them. Rerun after upgrading one
of these packages::

    python docs/make_inventories.py

An inventory lists names and URLs only; whether a page exists is the
project's URL scheme's promise, not checked here (that would need the
network).
"""

import builtins
import importlib
import inspect
import pkgutil
import sys
import warnings
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent / "inventories"

# Standard-library modules whose public names the docs and examples use or
# may use; each has one page, library/<module>.html, with #<module>.<name>.
STDLIB = (
    "warnings",
    "time",
    "timeit",
    "math",
    "functools",
    "itertools",
    "pathlib",
    "json",
    "csv",
    "os",
    "sys",
    "threading",
    "pickle",
    "copy",
    "tracemalloc",
    "numbers",
    "collections",
    "typing",
    "argparse",
    "concurrent.futures",
)
STDTYPES = {
    "dict",
    "list",
    "str",
    "tuple",
    "set",
    "frozenset",
    "range",
    "bytes",
    "bytearray",
    "memoryview",
}
SCIPY_MODULES = (
    "cluster",
    "fft",
    "integrate",
    "interpolate",
    "linalg",
    "ndimage",
    "optimize",
    "sparse",
    "spatial",
    "special",
    "stats",
)
SKLEARN_LABELS = {  # user-guide sections the docs link to (std:label)
    "neural_networks_supervised": (
        "modules/neural_networks_supervised.html",
        "Neural network models (supervised)",
    ),
    "calibration": ("modules/calibration.html", "Probability calibration"),
    "grid_search": ("modules/grid_search.html", "Tuning the hyper-parameters of an estimator"),
    "metadata_routing": ("metadata_routing.html", "Metadata Routing"),
    "glossary": ("glossary.html", "Glossary of Common Terms and API Elements"),
}


def public(name):
    return not name.startswith("_")


def kind(obj):
    if inspect.isclass(obj):
        return "py:exception" if issubclass(obj, BaseException) else "py:class"
    if callable(obj):
        return "py:function"
    return None


def methods(cls):
    """Public methods and properties of a class, inherited ones included."""
    for name in dir(cls):
        if not public(name):
            continue
        try:
            attr = inspect.getattr_static(cls, name)
        except AttributeError:
            continue
        if isinstance(attr, property):
            yield name, "py:property"
        elif callable(getattr(cls, name, None)) and not inspect.isclass(attr):
            yield name, "py:method"


def module_names(module):
    """Public names of a module: its ``__all__``, or else what it defines."""
    names = getattr(module, "__all__", None)
    if names is None:
        names = [
            n
            for n, obj in vars(module).items()
            if public(n) and getattr(obj, "__module__", None) == module.__name__
        ]
    for name in names:
        obj = getattr(module, name, None)
        if obj is not None and not inspect.ismodule(obj):
            yield name, obj


def python_entries():
    for name, obj in vars(builtins).items():
        role = kind(obj)
        if not public(name) or role is None:
            continue
        if role == "py:exception":
            yield name, role, "library/exceptions.html#" + name
        elif name in STDTYPES:
            yield name, role, "library/stdtypes.html#" + name
        else:
            yield name, role, "library/functions.html#" + name
    for modname in STDLIB:
        module = importlib.import_module(modname)
        page = "library/%s.html" % modname
        yield modname, "py:module", page + "#module-" + modname
        for name, obj in module_names(module):
            full = "%s.%s" % (modname, name)
            role = kind(obj) or "py:data"
            yield full, role, "%s#%s" % (page, full)
            if inspect.isclass(obj):
                for meth, mrole in methods(obj):
                    yield "%s.%s" % (full, meth), mrole, "%s#%s.%s" % (page, full, meth)


def numpy_entries():
    import numpy as np

    def page(full):
        return "reference/generated/%s.html" % full

    for name, obj in module_names(np):
        full = "numpy." + name
        if isinstance(obj, type) and issubclass(obj, np.generic):
            yield full, "py:class", "reference/arrays.scalars.html#" + full
            continue
        role = kind(obj) or "py:data"
        yield full, role, "%s#%s" % (page(full), full)
        if obj is np.ndarray:
            for meth, mrole in methods(np.ndarray):
                yield full + "." + meth, mrole, page(full + "." + meth) + "#%s.%s" % (full, meth)
    for sub in ("linalg", "fft", "testing"):
        module = importlib.import_module("numpy." + sub)
        for name, obj in module_names(module):
            full = "numpy.%s.%s" % (sub, name)
            yield full, kind(obj) or "py:data", "%s#%s" % (page(full), full)
    random_pages = {
        "RandomState": "reference/random/legacy.html",
        "Generator": "reference/random/generator.html",
        "default_rng": "reference/random/generator.html",
    }
    for name, obj in module_names(np.random):
        full = "numpy.random." + name
        uri = random_pages.get(name, "reference/random/generated/%s.html" % full)
        yield full, kind(obj) or "py:data", "%s#%s" % (uri, full)
        if name in ("RandomState", "Generator"):
            for meth, mrole in methods(obj):
                mfull = "%s.%s" % (full, meth)
                yield mfull, mrole, "reference/random/generated/%s.html#%s" % (mfull, mfull)


def scipy_entries():
    for sub in SCIPY_MODULES:
        module = importlib.import_module("scipy." + sub)
        yield "scipy." + sub, "py:module", "reference/%s.html#module-scipy.%s" % (sub, sub)
        for name, obj in module_names(module):
            full = "scipy.%s.%s" % (sub, name)
            yield full, kind(obj) or "py:data", "reference/generated/%s.html#%s" % (full, full)


def sklearn_entries():
    import sklearn

    def page(full):
        return "modules/generated/%s.html" % full

    modules = [sklearn]
    for info in pkgutil.walk_packages(sklearn.__path__, "sklearn."):
        parts = info.name.split(".")
        if all(public(p) for p in parts) and not {"tests", "externals"} & set(parts):
            try:
                modules.append(importlib.import_module(info.name))
            except ImportError:  # optional dependency missing
                continue
    for module in modules:
        if module is not sklearn:
            yield (
                module.__name__,
                "py:module",
                "api/%s.html#module-%s" % (module.__name__, module.__name__),
            )
        for name, obj in module_names(module):
            full = "%s.%s" % (module.__name__, name)
            role = kind(obj)
            if role is None:
                continue
            yield full, role, "%s#%s" % (page(full), full)
            if inspect.isclass(obj):
                for meth, mrole in methods(obj):
                    yield "%s.%s" % (full, meth), mrole, "%s#%s.%s" % (page(full), full, meth)
    for label, (uri, title) in SKLEARN_LABELS.items():
        yield label, "std:label", uri, title


def matplotlib_entries():
    import matplotlib.axes
    import matplotlib.figure
    import matplotlib.pyplot as plt

    def page(full):
        return "api/_as_gen/%s.html" % full

    for name, obj in vars(plt).items():
        if public(name) and inspect.isfunction(obj) and obj.__module__ == plt.__name__:
            full = "matplotlib.pyplot." + name
            yield full, "py:function", "%s#%s" % (page(full), full)
    for cls, full, cls_page, meth_page in (
        (
            matplotlib.axes.Axes,
            "matplotlib.axes.Axes",
            "api/axes_api.html",
            "api/_as_gen/matplotlib.axes.Axes.%s.html",
        ),
        (
            matplotlib.figure.Figure,
            "matplotlib.figure.Figure",
            "api/figure_api.html",
            "api/figure_api.html",
        ),
    ):
        yield full, "py:class", "%s#%s" % (cls_page, full)
        for meth, mrole in methods(cls):
            mfull = "%s.%s" % (full, meth)
            target = meth_page % meth if "%s" in meth_page else meth_page
            yield mfull, mrole, "%s#%s" % (target, mfull)


PROJECTS = {
    "python": ("Python", lambda: "%d.%d" % sys.version_info[:2], python_entries),
    "numpy": ("NumPy", lambda: importlib.import_module("numpy").__version__, numpy_entries),
    "scipy": ("SciPy", lambda: importlib.import_module("scipy").__version__, scipy_entries),
    "sklearn": (
        "scikit-learn",
        lambda: importlib.import_module("sklearn").__version__,
        sklearn_entries,
    ),
    "matplotlib": (
        "Matplotlib",
        lambda: importlib.import_module("matplotlib").__version__,
        matplotlib_entries,
    ),
}


def inventory(project, version, entries):
    """The bytes of an intersphinx inventory (format version 2)."""
    seen, lines = set(), []
    for entry in entries:
        name, role, uri = entry[:3]
        title = entry[3] if len(entry) > 3 else "-"
        if (name, role) in seen:
            continue
        seen.add((name, role))
        if uri.endswith("#" + name):
            uri = uri[: -len(name)] + "$"
        lines.append("%s %s 1 %s %s" % (name, role, uri, title))
    header = (
        "# Sphinx inventory version 2\n# Project: %s\n# Version: %s\n"
        "# The remainder of this file is compressed using zlib.\n" % (project, version)
    )
    body = "".join(line + "\n" for line in sorted(lines))
    return header.encode() + zlib.compress(body.encode(), 9), len(lines)


def main():
    warnings.simplefilter("ignore")  # deprecation notes of the modules walked
    OUT.mkdir(exist_ok=True)
    for key, (project, version, entries) in PROJECTS.items():
        data, count = inventory(project, version(), entries())
        (OUT / ("%s.inv" % key)).write_bytes(data)
        print("%-10s %6d names, %6d bytes" % (key, count, len(data)))


if __name__ == "__main__":
    main()
