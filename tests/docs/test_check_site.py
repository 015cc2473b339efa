"""docs/check_site.py finds what it is meant to find, on a small made-up site."""

import importlib.util
from pathlib import Path

_path = Path(__file__).resolve().parents[2] / "docs" / "check_site.py"
_spec = importlib.util.spec_from_file_location("check_site", _path)
check_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_site)


def write_site(root, index_body, css=""):
    (root / "sub").mkdir()
    (root / "_static").mkdir()
    (root / "_static" / "site.css").write_text(css)
    (root / "_static" / "app.js").write_text("")
    (root / "sub" / "page.html").write_text(
        '<html><body><h1 id="top">Page</h1><a name="old"></a>'
        '<a href="../index.html#intro">back</a></body></html>'
    )
    (root / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="_static/site.css?v=1">'
        '<script src="_static/app.js"></script></head>'
        '<body><p id="intro">Hi</p>%s</body></html>' % index_body
    )


def test_clean_site_passes(tmp_path):
    write_site(
        tmp_path,
        '<a href="sub/page.html#top">a</a> <a href="sub/page.html#old">b</a>'
        ' <a href="https://example.org/x.html#y">external</a> <a href="#">top</a>',
    )
    problems, n_pages = check_site.check(tmp_path)
    assert problems == []
    assert n_pages == 2


def test_remote_resources_are_reported(tmp_path):
    write_site(
        tmp_path,
        '<script src="https://cdn.example.org/mathjax.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.org/font.css">'
        '<img src="http://example.org/logo.png">'
        '<img src="a.png" srcset="https://example.org/b.png 2x">',
        css='@font-face { src: url("https://fonts.example.org/f.woff2"); }',
    )
    (tmp_path / "a.png").write_bytes(b"")
    problems, _ = check_site.check(tmp_path)
    text = "\n".join(problems)
    for url in (
        "https://cdn.example.org/mathjax.js",
        "//fonts.example.org/font.css",
        "http://example.org/logo.png",
        "https://example.org/b.png",
        "https://fonts.example.org/f.woff2",
    ):
        assert url in text
    assert len(problems) == 5


def test_broken_files_and_anchors_are_reported(tmp_path):
    write_site(
        tmp_path,
        '<a href="sub/missing.html">x</a> <a href="sub/page.html#nowhere">y</a>'
        ' <img src="_images/none.png"> <a href="#intro">ok</a>'
        ' <a href="#gone">z</a>',
    )
    problems, _ = check_site.check(tmp_path)
    text = "\n".join(problems)
    assert "missing.html" in text and "no such file" in text
    assert "#nowhere" in text
    assert "none.png" in text
    assert "#gone" in text
    assert len(problems) == 4


def test_unresolved_cross_references_are_reported(tmp_path):
    write_site(
        tmp_path,
        '<a class="reference internal" href="#intro"><code class="xref py">ok</code></a>'
        '<code class="xref py py-class docutils literal"><span class="pre">Gone</span></code>'
        '<span class="xref std std-ref">nowhere</span>',
    )
    problems, _ = check_site.check(tmp_path)
    assert len(problems) == 2
    assert "'Gone'" in problems[0] and "'nowhere'" in problems[1]
