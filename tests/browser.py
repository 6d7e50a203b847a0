"""Drive Debian's headless Chromium for the view tests: offline, fresh profile, no sandbox (root in CI)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
         "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]

PROBE = """<script>
(function () {
  function report() {
    var canvas = document.querySelector('#mynetwork canvas');
    var pixels = 0;
    if (canvas) {
      var data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (var i = 3; i < data.length; i += 4) { if (data[i] > 0) pixels++; }
    }
    var out = document.createElement('pre');
    out.id = 'ssr-probe';
    out.textContent = JSON.stringify({canvas: !!canvas, painted: pixels,
      nodes: network.body.data.nodes.length, edges: network.body.data.edges.length,
      alerts: window.__alerts || 0});
    document.body.appendChild(out);
  }
  window.__alerts = 0;
  window.alert = function () { window.__alerts++; };
  var reported = false;
  function once() { if (!reported) { reported = true; setTimeout(report, 300); } }
  network.once('afterDrawing', once);
  window.addEventListener('load', function () { setTimeout(once, 10000); });
})();
</script>"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium): browser test skipped")
    return found


def run(page: Path, *extra: str, budget_ms: int = 20000) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        command = [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}",
                   *extra, page.resolve().as_uri()]
        return subprocess.run(command, capture_output=True, text=True, timeout=180)


def probe(page: Path) -> dict:
    """Open a copy of ``page`` with a probe script; return what the drawn page reports."""
    probed = page.with_name(page.stem + ".probe.html")
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
    result = run(probed, "--dump-dom")
    match = re.search(r'<pre id="ssr-probe">(.*?)</pre>', result.stdout, re.S)
    assert match, f"the probe did not report; chromium said: {result.stderr[-2000:]}"
    return json.loads(match.group(1).replace("&quot;", '"'))


def screenshot(page: Path, target: Path) -> Path:
    run(page, f"--screenshot={target}", "--window-size=1280,900")
    return target
