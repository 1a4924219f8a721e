"""Browser-test harness: Debian's Chromium driven by Playwright, axe-core for WCAG 2.1 A/AA.

Never downloads a browser. Outside CI a missing Chromium skips the browser tests with a clear
reason; in CI (``CI`` set) it fails, because there the browser tests may not be skipped.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urljoin, urlparse

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Links the crawler must not follow: signing out, downloads, and the Django admin's own pages
# (the admin is Django's, checked only on its index page).
SKIP_PREFIXES = ("/afmelden/", "/static/", "/media/", "/taal/")
SKIP_MARKERS = ("/export", ".csv", ".xlsx", ".pdf", ".json", "/api/v1/schema/")


def chromium_path() -> str | None:
    for candidate in (os.environ.get("BAKEN_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def axe_violations(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{url}:"]
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


@dataclass
class CrawlResult:
    visited: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def same_site_links(page: Any, base_url: str) -> Iterator[str]:
    host = urlparse(base_url).netloc
    for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
        absolute, _ = urldefrag(urljoin(page.url, href))
        parsed = urlparse(absolute)
        if parsed.netloc != host or parsed.scheme not in ("http", "https"):
            continue
        path = parsed.path
        if path.startswith(SKIP_PREFIXES) or any(marker in path for marker in SKIP_MARKERS):
            continue
        if path.startswith("/beheer/") and path != "/beheer/":
            continue
        yield absolute


def route_key(url: str) -> str:
    """The URL pattern a link resolves to: pages of one pattern share their template."""
    from django.urls import Resolver404, resolve

    path = urlparse(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return f"{match.namespace}:{match.url_name}" if match.url_name else match.route


def crawl_with_axe(
    page: Any, base_url: str, start: str, max_pages: int = 150, per_route: int = 2
) -> CrawlResult:
    """Visit the same-site pages reachable from ``start`` and run axe on each.

    Every URL pattern is visited, but at most ``per_route`` times (26 answer cards share one template),
    so the crawl covers every page type of every app in a bounded time.
    """
    result = CrawlResult()
    queue = [urljoin(base_url, start)]
    seen = set(queue)
    per_key: dict[str, int] = {}
    while queue and len(result.visited) < max_pages:
        url = queue.pop(0)
        response = page.goto(url)
        result.visited.append(url)
        if response is not None and response.status >= 500:
            result.failures.append(f"{url}: HTTP {response.status}")
            continue
        violations = axe_violations(page)
        if violations:
            result.failures.append(describe_violations(url, violations))
        for link in same_site_links(page, base_url):
            if link in seen:
                continue
            seen.add(link)
            key = route_key(link)
            if per_key.get(key, 0) >= per_route:
                continue
            per_key[key] = per_key.get(key, 0) + 1
            queue.append(link)
    return result
