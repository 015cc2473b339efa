"""Benchmark tables as files, so that the docs and the README quote one run.

A benchmark script that is given ``--write-tables`` hands each of its tables
to :func:`write_table`, which

- writes ``docs/tables/<name>.csv`` (header row first), which the docs pages
  include with ``.. csv-table:: :file: /tables/<name>.csv``;
- replaces the table between the markers ``<!-- table: <name> -->`` and
  ``<!-- end table -->`` in ``README.md``, if the README has them, with the
  same rows as markdown.

Cells are strings, written as the scripts format them; reStructuredText inline
markup such as ``**mean**`` renders in both places. ``tests/docs/test_docs_tables.py``
checks that the README agrees with the files; ``python benchmarks/common/tables.py``
copies every file's table into the README again.
"""

import csv
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # benchmarks/common/tables.py -> the repository
TABLES_DIR = ROOT / "docs" / "tables"
README = ROOT / "README.md"


def read_table(path):
    """``(header, rows)`` of a table file written by :func:`write_table`."""
    with open(path, newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    return header, rows


def markdown(header, rows):
    """The table as markdown; columns whose cells start with a digit, a sign
    or ``**`` followed by one are right-aligned."""

    def numeric(j):
        cells = [r[j] for r in rows if r[j]]
        return bool(cells) and all(re.match(r"(\*\*)?[-+]?[0-9]", c) for c in cells)

    align = ["---:" if numeric(j) else "---" for j in range(len(header))]
    lines = [header, align] + [list(r) for r in rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def readme_block(name):
    """Regex matching the README block of table ``name`` (markers included)."""
    return re.compile(r"(<!-- table: %s -->\n)(.*?)(<!-- end table -->)" % re.escape(name), re.S)


def write_table(name, header, rows, directory=TABLES_DIR, readme=README):
    """Write ``<directory>/<name>.csv`` and update the README's copy, if any."""
    rows = [[str(c) for c in r] for r in rows]
    if any(len(r) != len(header) for r in rows):
        raise ValueError("table %r: every row needs %d cells" % (name, len(header)))
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header] + rows)
    (directory / ("%s.csv" % name)).write_text(buf.getvalue(), encoding="utf-8")
    written = [str(directory / ("%s.csv" % name))]
    if readme is not None and Path(readme).exists():
        text = Path(readme).read_text(encoding="utf-8")
        table = markdown(header, rows)
        new = readme_block(name).sub(lambda m: m.group(1) + table + "\n" + m.group(3), text)
        if new != text:
            Path(readme).write_text(new, encoding="utf-8")
            written.append(str(readme))
    return written


def write_tables(tables, tables_dir=None):
    """Write each ``name: (header, rows)`` of ``tables`` with :func:`write_table`:
    into ``tables_dir`` leaving the README alone, or by default into
    ``docs/tables`` and the README's copies. Returns the paths written."""
    where = dict(directory=tables_dir or TABLES_DIR, readme=None if tables_dir else README)
    written = []
    for name, (header, rows) in tables.items():
        written += write_table(name, header, rows, **where)
    return written


def _block_text(table):
    """The replacement function of a README block's match: ``table`` inside."""
    return lambda m: m.group(1) + table + "\n" + m.group(3)


def sync_readme(directory=TABLES_DIR, readme=README):
    """Copy every table file into its README block (for hand-edited files)."""
    for path in sorted(Path(directory).glob("*.csv")):
        header, rows = read_table(path)
        text = Path(readme).read_text(encoding="utf-8")
        new = readme_block(path.stem).sub(_block_text(markdown(header, rows)), text)
        Path(readme).write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sync_readme()
