"""Render time per app-shell page next to the plain fetch of the same page, in one run.

    python bench/render_speed.py [--repeat N]

Serves the test app-shell pages (tests/resources/render/, each showing a real policy by
script) on 127.0.0.1 and times, per page: fetch() of its HTML, the render decision
(needs_rendering, which extracts the fetched HTML once), and render() in the warm browser
(best of N; the first launch of Chromium is timed on its own). Most of a render is the wait
for the text to settle (1 s unchanged with the network quiet), not work. Last, the decision's
cost on a real policy page with scripts, which every such page pays and which is not rendered.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from tests.local_http import LocalHTTPServer, Route  # noqa: E402
from tests.test_render import PAGES, serve_app  # noqa: E402
from worker.ingest.fetch import fetch  # noqa: E402
from worker.ingest.render import (  # noqa: E402
    RenderOptions,
    close_browsers,
    needs_rendering,
    render,
)
from worker.records import FetchedPage  # noqa: E402

REAL_PAGE = ROOT / "tests" / "resources" / "extract" / "1610_www.post-gazette.com.html"
"""A real policy page with its scripts: the decision's cost on a page that is not rendered."""


def best_of(repeat: int, step: Callable[[], object]) -> float:
    """Fastest of `repeat` runs of step, in seconds (the machine is shared and noisy)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return min(times)


def fetched(url: str) -> FetchedPage:
    page = fetch(url, allow_private=True)
    assert page is not None
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    site = LocalHTTPServer().start()
    options = RenderOptions()
    try:
        first = fetched(serve_app(site, "json-shell.html", PAGES["json-shell.html"]))
        started = time.perf_counter()
        render(first, allow_private=True, options=options)
        cold = time.perf_counter() - started
        print(f"first render, Chromium launch included: {cold * 1000:.0f} ms\n")
        print(
            f"{'page':<18} {'fetch ms':>9} {'decide ms':>10} {'render ms':>10} {'render/fetch':>13}"
        )
        fetch_total = render_total = 0.0
        for page_name, policy in sorted(PAGES.items()):
            url = serve_app(site, page_name, policy)
            page = fetched(url)
            fetch_s = best_of(args.repeat, lambda url=url: fetched(url))
            decide_s = best_of(args.repeat, lambda page=page: needs_rendering(page, options))
            render_s = best_of(
                args.repeat, lambda page=page: render(page, allow_private=True, options=options)
            )
            fetch_total += fetch_s
            render_total += render_s
            print(
                f"{page_name:<18} {fetch_s * 1000:>9.1f} {decide_s * 1000:>10.1f} "
                f"{render_s * 1000:>10.0f} {render_s / fetch_s:>12.0f}x"
            )
        print(
            f"{'all pages':<18} {fetch_total * 1000:>9.1f} {'':>10} {render_total * 1000:>10.0f} "
            f"{render_total / fetch_total:>12.0f}x"
        )
        site.routes["/real"] = Route(REAL_PAGE.read_bytes())
        real = fetched(site.url("/real"))
        decide_s = best_of(args.repeat, lambda: needs_rendering(real, options))
        fetch_s = best_of(args.repeat, lambda: fetched(site.url("/real")))
        print(
            f"\n{REAL_PAGE.name} (a real 2015 policy page with scripts, not rendered): "
            f"fetch {fetch_s * 1000:.1f} ms, render decision {decide_s * 1000:.1f} ms "
            f"(rendered: {needs_rendering(real, options)})"
        )
    finally:
        close_browsers()
        site.stop()


if __name__ == "__main__":
    main()
