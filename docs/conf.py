"""Sphinx configuration of the sknumpynet documentation.

Build with (the docs extra has everything the build needs)::

    python -m pip install -e ".[docs]"
    python -m sphinx -W --keep-going -b html docs docs/_build/html
"""

import importlib
import inspect
import sys
from pathlib import Path

import matplotlib

# Every figure is rendered off-screen, whatever the machine has.
matplotlib.use("Agg")

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))  # import the checkout even when not installed

from sphinx_gallery.sorting import ExplicitOrder  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

import sknumpynet  # noqa: E402

# The gallery examples run with one BLAS thread: on matrices this small,
# more threads help little, and on a busy machine they
# compete for the cores and make the build slow and its timings noisy.
threadpool_limits(limits=1)

# -- Project ------------------------------------------------------------------

project = "sknumpynet"
author = "The sknumpynet developers"
copyright = "The sknumpynet developers, BSD-3-Clause licence"
version = release = sknumpynet.__version__

# -- General ------------------------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    # MathJax served from the built site itself (_static/mathjax), so the
    # math renders with no network.
    "sphinx-mathjax-offline",
    "sphinx.ext.viewcode",
    "sphinx_copybutton",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
# The API pages' "On this page" lists methods as fit(), not
# NumpyMLPClassifier.fit(), which the sidebar cut off.
toc_object_entries_show_parents = "hide"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
root_doc = "index"
default_role = "literal"
pygments_style = "sphinx"

REPOSITORY = "https://github.com/sknumpynet/sknumpynet"

# Links to the Python, NumPy, SciPy, scikit-learn and Matplotlib docs, from
# inventories written by make_inventories.py from the installed packages and
# committed: the build downloads nothing.
_INVENTORIES = DOCS / "inventories"
intersphinx_mapping = {
    name: (url, str(_INVENTORIES / ("%s.inv" % name)))
    for name, url in {
        "python": "https://docs.python.org/3/",
        "numpy": "https://numpy.org/doc/stable/",
        "scipy": "https://docs.scipy.org/doc/scipy/",
        "sklearn": "https://scikit-learn.org/stable/",
        "matplotlib": "https://matplotlib.org/stable/",
    }.items()
}

# MathJax: the SVG output draws its own glyphs, so it needs no web fonts; the
# math of a wide equation scrolls (custom.css).
mathjax_path = "mathjax/tex-svg.js"

# The copy button leaves out prompts and the output lines of sessions.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True

# -- autodoc / autosummary / numpydoc -----------------------------------------

autosummary_generate = True
autodoc_typehints = "none"

# The class template lists the methods itself; numpydoc must not add a second
# table of them.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# Docstring checks that fail the (-W) build. Everything numpydoc checks, except
# an extended summary, a See Also and an Examples section on every method, and
# RT02, which forbids the named returns (``self : NumpyMLPClassifier``) that
# scikit-learn's docstrings use.
numpydoc_validation_checks = {"all", "ES01", "EX01", "RT02", "SA01"}

# The API pages document what sknumpynet defines. Methods inherited from
# scikit-learn (score, get_params, set_params, metadata routing) are listed by
# name with a link to scikit-learn's documentation instead of repeating its
# docstrings, whose version notes and references are scikit-learn's.
_PACKAGE = sknumpynet.__name__


# The scikit-learn estimator each class stands in for: its page documents the
# methods both inherit from scikit-learn.
SKLEARN_TWIN = {
    "NumpyMLPClassifier": "sklearn.neural_network.MLPClassifier",
    "NumpyMLPRegressor": "sklearn.neural_network.MLPRegressor",
    "TabularMLPClassifier": "sklearn.neural_network.MLPClassifier",
    "TabularMLPRegressor": "sklearn.neural_network.MLPRegressor",
}


def _own_and_inherited(cls):
    """Public methods defined in this package, and the others."""
    own, inherited = [], []
    for name in dir(cls):
        attr = getattr(cls, name, None)
        if name.startswith("_") or not callable(attr):
            continue
        module = getattr(attr, "__module__", None) or ""
        (own if module.split(".")[0] == _PACKAGE else inherited).append(name)
    return own, inherited


def _inherited_targets(cls, twin):
    """Where each method ``cls`` inherits from scikit-learn is documented: on
    the scikit-learn twin's page if the twin has it (``score``), else on the
    public page of the scikit-learn class that defines it (``set_callbacks``
    comes from ``sklearn.callback.CallbackSupportMixin``, which the MLPs
    lack)."""
    twin_module, twin_name = twin.rsplit(".", 1)
    twin_cls = getattr(importlib.import_module(twin_module), twin_name)
    targets = {}
    for name in _own_and_inherited(cls)[1]:
        if hasattr(twin_cls, name):
            targets[name] = "%s.%s" % (twin, name)
            continue
        owner = next(k for k in cls.__mro__ if name in vars(k))
        public = ".".join(p for p in owner.__module__.split(".") if not p.startswith("_"))
        targets[name] = "%s.%s.%s" % (public, owner.__qualname__, name)
    return targets


_CLASSES = {
    name: obj
    for name, obj in vars(sknumpynet).items()
    if name in sknumpynet.__all__ and inspect.isclass(obj)
}
autosummary_context = {
    "own_methods": {n: _own_and_inherited(c)[0] for n, c in _CLASSES.items()},
    "inherited_methods": {n: _own_and_inherited(c)[1] for n, c in _CLASSES.items()},
    "sklearn_twin": SKLEARN_TWIN,
    "inherited_targets": {
        n: _inherited_targets(c, SKLEARN_TWIN[n]) for n, c in _CLASSES.items() if n in SKLEARN_TWIN
    },
}

# The user-guide page about each class, where its API page sends readers (the
# classifier's is the first page, what the network computes). A new estimator
# class needs an entry here and in SKLEARN_TWIN, and a line in api.rst.
USER_GUIDE = {
    "NumpyMLPClassifier": "user_guide/network",
    "NumpyMLPRegressor": "user_guide/regression",
    "TabularMLPClassifier": "user_guide/tabular",
    "TabularMLPRegressor": "user_guide/tabular",
}


def _read_more(app, what, name, obj, options, lines):
    """Add "Read more in the User Guide" after a class's summary line."""
    if what != "class" or name.rsplit(".", 1)[-1] not in _CLASSES or not lines:
        return
    page = USER_GUIDE.get(name.rsplit(".", 1)[-1], "user_guide/index")
    end = lines.index("") if "" in lines else len(lines)
    lines[end:end] = ["", "Read more in the :doc:`User Guide </%s>`." % page]


def _parameter_anchors(app, what, name, obj, options, lines):
    """Give every parameter and attribute of a class an anchor, after numpydoc
    has rendered them as ``**name** : type`` lines, so that the user guide can
    link to it with :param:`name` (or :param:`Class.name`)."""
    if what != "class":
        return
    cls = name.rsplit(".", 1)[-1]
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith("**") and "** :" in stripped + " :":
            param = stripped[2:].split("**", 1)[0]
            if param.isidentifier():
                indent = line[: len(line) - len(stripped)]
                lines[i] = "%s:param-anchor:`%s.%s`\\ %s" % (indent, cls, param, stripped)


def _param_anchor_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    from docutils import nodes

    label = "param-" + text.lower()
    node = nodes.inline("", "", classes=["param-anchor"])
    node["names"].append(label)
    inliner.document.note_explicit_target(node, node)
    return [node], []


def _param_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """:param:`alpha` links ``alpha`` to its entry on NumpyMLPClassifier's API
    page; :param:`NumpyMLPRegressor.alpha` to another class's."""
    from docutils import nodes
    from sphinx import addnodes

    target = text if "." in text else "NumpyMLPClassifier." + text
    name = target.rsplit(".", 1)[-1]
    ref = addnodes.pending_xref(
        rawtext,
        refdomain="std",
        reftype="ref",
        reftarget="param-" + target.lower(),
        refexplicit=True,
        refwarn=True,
    )
    ref += nodes.Text(name)
    # The std domain renders a resolved reference as plain text: put the code
    # style around the link.
    return [nodes.literal(rawtext, "", ref, classes=["param"])], []


def setup(app):
    # sphinx-mathjax-offline sets its own (CommonHTML) path when it loads.
    app.config.mathjax_path = mathjax_path
    app.add_role("param-anchor", _param_anchor_role)
    app.add_role("param", _param_role)
    # Before numpydoc (priority 500) parses the docstring, and after.
    app.connect("autodoc-process-docstring", _read_more, priority=400)
    app.connect("autodoc-process-docstring", _parameter_anchors, priority=600)


# -- sphinx-gallery ------------------------------------------------------------

sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    # Only plot_*.py files are gallery examples; quickstart.py stays a plain
    # script (it is shown on the quickstart page instead).
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"quickstart\.py|__init__\.py",
    "within_subsection_order": ExplicitOrder(
        [
            "plot_notebook_replay.py",
            "plot_early_stopping.py",
            "plot_activations.py",
            "plot_class_weight.py",
            "plot_grid_search.py",
            "plot_speed.py",
            "*",
        ]
    ),
    "doc_module": ("sknumpynet",),
    "backreferences_dir": "generated/backreferences",
    # Code names link through intersphinx_mapping above (and the API pages).
    "image_scrapers": ("matplotlib",),
    "matplotlib_animations": False,
    "remove_config_comments": True,
    "show_memory": False,
    "min_reported_time": 1,
    # The execution-times pages load jQuery and DataTables from a CDN.
    "write_computation_times": False,
    "download_all_examples": False,
    # Fail the build on an example that raises.
    "abort_on_example_error": True,
    "only_warn_on_example_error": False,
    "expected_failing_examples": [],
}

# -- HTML ------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = "sknumpynet %s" % release
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme_options = {
    "navbar_align": "left",
    # Every page in the top bar, none hidden under "More".
    "header_links_before_dropdown": 8,
    "github_url": REPOSITORY,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_sidebars = {
    "index": [],
    "install": [],
    "changelog": [],
    "performance": [],
    "migrating": [],
    "faq": [],
    "comparison": [],
    "help": [],
    "contributing": [],
    "citing": [],
    # pages of ten-column benchmark tables: the article takes the width of
    # the section navigation as well
    "user_guide/defaults": [],
    "user_guide/training_features": [],
}
html_context = {"default_mode": "light"}
html_show_sourcelink = True
html_copy_source = True
