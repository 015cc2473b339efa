"""The link to an estimator's documentation in scikit-learn's HTML repr.

scikit-learn's repr (a notebook cell's output) links an estimator's name to
its documentation, and each parameter to its entry there, when the
estimator's module is ``_doc_link_module``; its parameter links find the
entry on the page by its ``name : type`` line (a text fragment).

The documentation site is built from ``docs/`` and not hosted yet, so the
links go to the estimator's source in the repository, whose docstring is
what the API page shows. Once the site is hosted, point ``DOC_LINK_TEMPLATE``
at its API pages, which Sphinx names after the public import path::

    DOC_LINK_TEMPLATE = "https://<site>/generated/{estimator_module}.{estimator_name}.html"
"""

import sys
from pathlib import Path

__all__ = ["DOC_LINK_TEMPLATE", "REPOSITORY", "DocLinkMixin"]

REPOSITORY = "https://github.com/sknumpynet/sknumpynet"
DOC_LINK_TEMPLATE = REPOSITORY + "/blob/main/{source_path}"


def _url_params(estimator):
    """Every field a template may use: the public module and class name (as
    scikit-learn's template has them), and the path of the class's source
    file in the repository."""
    cls = type(estimator)
    package = cls.__module__.split(".")[0]
    root = Path(sys.modules[package].__file__).parent.parent
    source = Path(sys.modules[cls.__module__].__file__).relative_to(root)
    return {
        "estimator_module": package,
        "estimator_name": cls.__name__,
        "source_path": source.as_posix(),
    }


class DocLinkMixin:
    """Gives scikit-learn's HTML repr a link to this package's documentation
    (see the module's docstring)."""

    _doc_link_module = "sknumpynet"

    @property
    def _doc_link_template(self):
        return DOC_LINK_TEMPLATE

    def _doc_link_url_param_generator(self):
        return _url_params(self)
