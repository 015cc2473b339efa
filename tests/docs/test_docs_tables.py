"""The benchmark tables in docs/tables/ are the only copy of their numbers.

The docs pages include the files (``csv-table :file:``); the README carries a
markdown copy between ``<!-- table: NAME -->`` markers, written by the same
code (``benchmarks/common/tables.py``). These tests fail when the README's copy
was edited by hand or not updated, or when a table file is not shown anywhere.
"""

import re
from pathlib import Path

import benchmark_modules
import pytest

ROOT = Path(__file__).resolve().parents[2]
tables = benchmark_modules.load("common.tables")

TABLE_FILES = sorted((ROOT / "docs" / "tables").glob("*.csv"))
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS_SOURCES = "\n".join(
    p.read_text(encoding="utf-8")
    for p in (ROOT / "docs").rglob("*.rst")
    if "_build" not in p.parts and "auto_examples" not in p.parts and "generated" not in p.parts
)


def test_there_are_tables():
    assert {"accuracy", "speed"} <= {p.stem for p in TABLE_FILES}


@pytest.mark.parametrize("path", TABLE_FILES, ids=lambda p: p.stem)
def test_table_file_is_rectangular(path):
    header, rows = tables.read_table(path)
    assert rows
    assert all(len(row) == len(header) for row in rows)


@pytest.mark.parametrize("path", TABLE_FILES, ids=lambda p: p.stem)
def test_table_file_is_shown_in_the_docs(path):
    assert re.search(r":file: .*tables/%s\.csv\s" % re.escape(path.stem), DOCS_SOURCES)


@pytest.mark.parametrize("name", re.findall(r"<!-- table: (\S+) -->", README))
def test_readme_table_matches_its_file(name):
    path = ROOT / "docs" / "tables" / ("%s.csv" % name)
    assert path.exists(), "README shows table %r, which has no file" % name
    block = tables.readme_block(name).search(README)
    assert block is not None, "no <!-- end table --> after table %r" % name
    assert block.group(2) == tables.markdown(*tables.read_table(path)) + "\n"


def test_write_table_round_trip(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "intro\n<!-- table: t -->\nold\n<!-- end table -->\nmiddle\n"
        "<!-- table: u -->\nkept\n<!-- end table -->\n"
    )
    header, rows = ["name", "value"], [["a, b", "1.5"], ["**mean**", "-2"]]
    tables.write_table("t", header, rows, directory=tmp_path, readme=readme)
    assert tables.read_table(tmp_path / "t.csv") == (header, rows)
    text = readme.read_text()
    assert "old" not in text and "kept" in text and "middle" in text
    assert "| a, b | 1.5 |\n| **mean** | -2 |\n<!-- end table -->" in text
    assert "| --- | ---: |" in text
    with pytest.raises(ValueError, match="2 cells"):
        tables.write_table("t", header, [["only one"]], directory=tmp_path, readme=None)
