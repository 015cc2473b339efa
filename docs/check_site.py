"""Check a built HTML site: nothing loaded from the network, no broken links.

``sphinx -W`` catches broken references in the sources, but not what the
built pages load or link to: a theme or extension that pulls a script from a
CDN, a gallery thumbnail that was never written, an anchor that moved. This
script reads every HTML page of the site and fails if

- a page loads anything from the network: a ``script src``, a stylesheet or
  other ``link href`` the browser fetches, an ``img``/``source``/``iframe``
  ``src`` or ``srcset`` that is an absolute ``http(s)://`` or ``//`` URL, or
  a stylesheet of the site imports or ``url()``-s one;
- a relative link or resource (``href``, ``src``, ``srcset``) names a file
  that does not exist, or an ``#anchor`` that the target page does not
  define;
- a cross-reference was not resolved: Sphinx styles it like a link (class
  ``xref``) but it leads nowhere.

Links to other sites (``<a href="https://...">``) are left alone: following
them is the reader's choice, and checking them needs the network.

Usage::

    python docs/check_site.py docs/_build/html
"""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

REMOTE = re.compile(r"^(https?:)?//", re.I)
NOT_A_FILE = re.compile(r"^(mailto|javascript|data|tel):", re.I)
# <link rel=...> values that make the browser fetch the target.
FETCHED_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "apple-touch-icon",
}
CSS_URL = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')]+)""")


class Page(HTMLParser):
    """Collects a page's ids, the resources it loads and the links it makes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.loads = []  # (tag, attribute, url): fetched when the page loads
        self.links = []  # (tag, attribute, url): followed when clicked
        self.dead_xrefs = []  # text of cross-references outside any link
        self._in_link = 0
        self._dead = None  # [tag, depth, text] of the open unresolved xref

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self._in_link += 1
        if self._dead is not None and tag == self._dead[0]:
            self._dead[1] += 1
        elif (
            self._dead is None
            and not self._in_link
            and "xref" in (attrs.get("class") or "").split()
        ):
            self._dead = [tag, 1, ""]
        for key in ("id", "name"):
            if attrs.get(key) and (key == "id" or tag == "a"):
                self.ids.add(attrs[key])
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").lower().split())
            kind = self.loads if rels & FETCHED_RELS else self.links
            kind.append((tag, "href", attrs["href"]))
        elif tag == "a" and attrs.get("href"):
            self.links.append((tag, "href", attrs["href"]))
        for key in ("src", "data-src", "poster"):
            if attrs.get(key) and tag in (
                "script",
                "img",
                "source",
                "iframe",
                "video",
                "audio",
                "embed",
                "track",
            ):
                self.loads.append((tag, key, attrs[key]))
        if attrs.get("srcset"):
            for candidate in attrs["srcset"].split(","):
                if candidate.strip():
                    self.loads.append((tag, "srcset", candidate.split()[0]))
        if tag == "object" and attrs.get("data"):
            self.loads.append((tag, "data", attrs["data"]))

    def handle_endtag(self, tag):
        if tag == "a" and self._in_link:
            self._in_link -= 1
        if self._dead is not None and tag == self._dead[0]:
            self._dead[1] -= 1
            if not self._dead[1]:
                self.dead_xrefs.append(self._dead[2].strip())
                self._dead = None

    def handle_data(self, data):
        if self._dead is not None:
            self._dead[2] += data


def parse(path):
    page = Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def check(site):
    """A list of problems, one line each; empty if the site passes."""
    site = Path(site).resolve()
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)
    parsed = {p: parse(p) for p in pages}
    problems = []

    def where(path):
        return str(path.relative_to(site))

    for path, page in parsed.items():
        for text in page.dead_xrefs:
            problems.append("%s: cross-reference %r leads nowhere" % (where(path), text))
        for tag, attr, url in page.loads:
            if REMOTE.match(url):
                problems.append(
                    "%s: <%s %s> loads %s from the network" % (where(path), tag, attr, url)
                )
        for tag, attr, url in page.loads + page.links:
            if (
                REMOTE.match(url)
                or NOT_A_FILE.match(url)
                or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I)
            ):
                continue
            parts = urlsplit(url)
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            if parts.path.endswith("/") or (target.is_dir() and parts.path):
                target = target / "index.html"
            if not target.exists():
                problems.append(
                    "%s: <%s %s=%r>: no such file %s" % (where(path), tag, attr, url, target)
                )
                continue
            anchor = unquote(parts.fragment)
            if anchor and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if anchor not in ids:
                    problems.append(
                        "%s: <%s %s=%r>: %s has no anchor #%s"
                        % (where(path), tag, attr, url, where(target), anchor)
                    )
    for css in sorted(site.rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        for match in CSS_URL.finditer(text):
            url = match.group(1) or match.group(2)
            if REMOTE.match(url):
                problems.append("%s: loads %s from the network" % (where(css), url))
    return problems, len(pages)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or not Path(argv[0], "index.html").is_file():
        sys.exit("usage: python docs/check_site.py BUILT_HTML_DIR (with an index.html)")
    problems, n_pages = check(argv[0])
    for line in problems:
        print(line)
    if problems:
        sys.exit("site check: %d problems in %d pages" % (len(problems), n_pages))
    print(
        "site check: %d pages, nothing loaded from the network, no broken "
        "internal links or anchors, no unresolved cross-references" % n_pages
    )


if __name__ == "__main__":
    main()
