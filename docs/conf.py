"""Sphinx configuration of the sknumpynet documentation.

Build with::

    python -m pip install -e ".[docs]"
    python -m sphinx -W --keep-going -b html docs docs/_build/html
"""

import re
import sys
from pathlib import Path

import matplotlib

# Every figure is rendered off-screen, whatever the machine has.
matplotlib.use("Agg")

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))  # import the checkout even when not installed

import sknumpynet  # noqa: E402
from sphinx_gallery.sorting import ExplicitOrder  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

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
    "sphinx.ext.extlinks",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
root_doc = "index"
default_role = "literal"
pygments_style = "sphinx"

# Links to the scikit-learn documentation without fetching its inventory, so
# the build needs no network: :sklearn:`MLPClassifier <...>`.
extlinks = {
    "sklearn": ("https://scikit-learn.org/stable/%s", "%s"),
}

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

_SKLEARN_REF = re.compile(r":ref:`(?:([^`<]+?)\s*<[^`>]+>|([^`<]+))`")
_SKLEARN_TERM = re.compile(r":term:`(?:([^`<]+?)\s*<[^`>]+>|([^`<]+))`")


def _sklearn_refs_as_text(app, what, name, obj, options, lines):
    """Render scikit-learn's own cross-references as text.

    The methods inherited from scikit-learn (``score``, ``get_params``, the
    metadata-routing helpers, ...) keep their scikit-learn docstrings, whose
    ``:ref:`` and ``:term:`` roles point into scikit-learn's documentation.
    This build has no copy of that documentation, so those roles become plain
    text (their title) instead of broken links.
    """
    module = getattr(obj, "__module__", None) or ""
    if not module.startswith("sklearn"):
        return
    for i, line in enumerate(lines):
        line = _SKLEARN_REF.sub(lambda m: m.group(1) or m.group(2), line)
        lines[i] = _SKLEARN_TERM.sub(lambda m: "*%s*" % (m.group(1) or m.group(2)), line)


def setup(app):
    # Before numpydoc (priority 500) parses the docstring.
    app.connect("autodoc-process-docstring", _sklearn_refs_as_text, priority=400)


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
    "reference_url": {"sknumpynet": None},
    "image_scrapers": ("matplotlib",),
    "matplotlib_animations": False,
    "remove_config_comments": True,
    "show_memory": False,
    "min_reported_time": 1,
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
}
html_context = {"default_mode": "light"}
html_show_sourcelink = True
html_copy_source = True
