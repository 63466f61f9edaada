"""First-load size of the participant page: the HTML plus every script, style and ES module it
pulls in (static ``import``s, ``import('...')`` with a literal, and ``data-module`` plugins)."""
from __future__ import annotations

import gzip
import re
import zlib
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import requests

IMPORT_RE = re.compile(
    r"""(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bexport\s*[\w*{}\s,$]+\s*from\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]"""
)
MAX_FILES = 100


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(("module" if a.get("type") == "module" else "script", a["src"]))
        elif tag == "link" and a.get("href") and "stylesheet" in (a.get("rel") or "") + (a.get("as") or ""):
            self.refs.append(("style", a["href"]))
        elif tag == "link" and a.get("href") and a.get("rel") == "modulepreload":
            self.refs.append(("module", a["href"]))
        if a.get("data-module"):
            self.refs.append(("module", a["data-module"]))


def _decode(wire: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(wire)
    if encoding == "br":
        import brotli

        return brotli.decompress(wire)
    if encoding == "deflate":
        return zlib.decompress(wire)
    return wire


def _fetch(session: requests.Session, url: str) -> dict:
    # Ask as a phone's browser does; measure the bytes as they travel.
    response = session.get(url, headers={"Accept-Encoding": "br, gzip, deflate"}, stream=True, timeout=10)
    wire = response.raw.read(decode_content=False)
    encoding = response.headers.get("Content-Encoding", "")
    body = _decode(wire, encoding)
    return {"url": url, "status": response.status_code, "content_encoding": encoding or None,
            "raw_bytes": len(body), "wire_bytes": len(wire), "gzip_bytes": len(gzip.compress(body, 6)),
            "body": body}


def measure(base_url: str, path: str, cookies: dict) -> dict:
    session = requests.Session()
    for name, value in cookies.items():
        session.cookies.set(name, value, domain=urlparse(base_url).hostname)
    page = _fetch(session, urljoin(base_url, path))
    if page["status"] != 200:
        raise RuntimeError(f"participant page answered {page['status']}")
    parser = _Refs()
    parser.feed(page["body"].decode("utf-8", "replace"))
    files, seen = [page], {page["url"]}
    queue = [(kind, urljoin(page["url"], ref)) for kind, ref in parser.refs]
    while queue and len(files) < MAX_FILES:
        kind, url = queue.pop(0)
        if url in seen or urlparse(url).netloc != urlparse(base_url).netloc:
            continue
        seen.add(url)
        entry = _fetch(session, url)
        entry["kind"] = kind
        files.append(entry)
        if kind == "module" and entry["status"] == 200:
            for ref in IMPORT_RE.findall(entry["body"].decode("utf-8", "replace")):
                if ref.startswith((".", "/")):
                    queue.append(("module", urljoin(url, ref)))
    page["kind"] = "html"
    for entry in files:
        del entry["body"]
        entry["path"] = urlparse(entry["url"]).path
    served_compressed = any(f["content_encoding"] for f in files)
    return {
        "files": files,
        "count": len(files),
        "raw_bytes": sum(f["raw_bytes"] for f in files),
        "wire_bytes": sum(f["wire_bytes"] for f in files),
        "gzip_bytes": sum(f["gzip_bytes"] for f in files),
        "server_compresses": served_compressed,
        "note": ("wire_bytes = as served with Accept-Encoding: br, gzip, deflate; gzip_bytes = each body "
                 "gzipped by the benchmark at level 6 (for comparison)"),
        "failed": [f["path"] for f in files if f["status"] != 200],
    }
