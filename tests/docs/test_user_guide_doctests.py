"""The user guide's ``>>>`` examples run as doctests, as a reader would
paste them: a page's examples in order, in one namespace of their own, with
every warning an error, so that a changed output, a missing import or a
new warning fails."""

import doctest
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    p for p in (ROOT / "docs" / "user_guide").glob("*.rst") if ">>> " in p.read_text("utf-8")
)


def test_there_are_doctest_pages():
    assert "tabular" in {p.stem for p in PAGES}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_user_guide_examples_run(page):
    parser = doctest.DocTestParser()
    test = parser.get_doctest(page.read_text("utf-8"), {}, page.stem, str(page), 0)
    assert test.examples
    report = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = runner.run(test, out=report.append)
    assert result.failed == 0, "".join(report)
    assert result.attempted == len(test.examples)
