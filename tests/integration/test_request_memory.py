"""Requests cannot grow the server: per-process caches are keyed by what determines their content
and bounded (dashboard/factory.py's compressed static files, dashboard/fast_paths.py's layouts)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from dashboard.factory import STATIC_COPIES_MAX
from dashboard.fast_paths import LAYOUT_CACHE_MAX, canonical_page_url
from tests.conftest import ROOT

# Run in a child process, so the resident size measured is the app's alone.
CHILD = textwrap.dedent(
    """
    import json, os, re, sys

    from dashboard import create_app

    def rss_mb():
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    app = create_app(sys.argv[1])
    http = app.server.test_client()
    html = http.get("/maps").get_data(as_text=True)
    scripts = [u.split("?")[0] for u in re.findall(r'(?:src|href)="(/[^"]+)"', html)
               if u.startswith(("/_dash-component-suites/", "/assets/"))]
    renamed = [re.sub(r"\\.v[\\w-]+m[0-9a-f]+\\.", ".v9_9_9m{n}.", u) for u in scripts if ".v" in u]
    statuses = set()

    def burst(start, count):
        for n in range(start, start + count):
            if n % 7 == 0:  # the page's layout, as a browser asks for it, with a cache-busting query
                response = http.get("/_dash-layout", headers={"Referer": f"http://localhost/maps?bust={n}"})
            elif n % 7 == 1 and renamed:  # another version fingerprint in a script's name
                response = http.get(renamed[n % len(renamed)].format(n=n), headers={"Accept-Encoding": "br"})
            else:
                response = http.get(f"{scripts[n % len(scripts)]}?bust={n}", headers={"Accept-Encoding": "gzip, br"})
            statuses.add(response.status_code)
            response.close()

    burst(0, 100)  # every file compressed once, allocator warm
    before = rss_mb()
    burst(100, 2000)
    after = rss_mb()
    print(json.dumps({
        "before": before, "after": after, "statuses": sorted(statuses), "scripts": len(scripts),
        "renamed": len(renamed), "copies": len(app.server.extensions["ria_static_copies"]),
        "layouts": app.server.extensions.get("ria_layout_cache").cache_info().currsize
        if "ria_layout_cache" in app.server.extensions else 0,
    }))
    """
)


def test_2000_requests_with_distinct_query_strings_grow_the_server_by_less_than_20_mb(demo_store_url):
    done = subprocess.run(
        [sys.executable, "-c", CHILD, demo_store_url], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["statuses"] == [200], found
    assert found["scripts"] >= 5 and found["renamed"] >= 1, found
    assert found["copies"] <= min(STATIC_COPIES_MAX, 2 * found["scripts"]), found  # one per file and encoding
    assert found["layouts"] <= 1, found  # the busting URLs are rendered, never kept
    assert found["after"] - found["before"] < 20, found


def test_only_the_apps_own_query_strings_are_kept_as_layouts():
    assert canonical_page_url("http://localhost/maps")
    assert canonical_page_url("http://localhost/judgements?region=north-west&area=leadership")
    assert not canonical_page_url("http://localhost/maps?bust=1")
    assert not canonical_page_url("http://localhost/judgements?area=leadership&region=north-west")  # reordered
    assert not canonical_page_url("http://localhost/judgements?region=north-west&region=london")
    assert not canonical_page_url("http://localhost/judgements?area=nonsense")
    assert LAYOUT_CACHE_MAX <= 64
