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


SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
"""Where the view tests leave their screenshots for a person to look at (``build/`` is not committed)."""


class Page:
    """A page opened in Debian's headless Chromium through chromedriver (Selenium), with its request log.

    Selenium is pointed at ``/usr/bin/chromedriver`` and the ``chromium``
    binary, so Selenium Manager never downloads anything.
    """

    def __init__(self, path: Path, *, downloads: Path | None = None, size: tuple[int, int] = (1400, 900)):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        driver = shutil.which("chromedriver")
        if not driver:
            pytest.skip("Debian's chromium-driver is not installed (apt-get install chromium-driver)")
        self.profile = tempfile.TemporaryDirectory()
        options = webdriver.ChromeOptions()
        options.binary_location = chromium()
        for flag in [*FLAGS, f"--user-data-dir={self.profile.name}", f"--window-size={size[0]},{size[1]}"]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
        if downloads is not None:
            options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                                      "download.prompt_for_download": False})
        self.driver = webdriver.Chrome(options=options, service=Service(driver))
        if downloads is not None:
            self.driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                                        {"behavior": "allow", "downloadPath": str(downloads)})
        self.uri = path.resolve().as_uri()
        self.driver.get(self.uri)
        self.wait("return !!(window.ssrView && window.ssrView.drawnLabels().length)")

    def __enter__(self) -> "Page":
        return self

    def __exit__(self, *exc) -> None:
        self.driver.quit()
        self.profile.cleanup()

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def wait(self, condition: str, timeout: float = 20):
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout).until(lambda d: d.execute_script(condition))

    def requests(self) -> list[str]:
        """Every URL the page asked for (itself included), from Chromium's own network log.

        Requests are the page's when their ``documentURL`` is the page: the
        browser's own start tab logs requests of its own in the same log.
        """
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent" and message["params"]["documentURL"] == self.uri:
                urls.append(message["params"]["request"]["url"])
        return urls

    def click_node(self, node: str) -> None:
        """A real mouse click on the node where it is drawn."""
        self.click_at(*self.js("var n = window.network, p = n.canvasToDOM(n.getPositions([arguments[0]])[arguments[0]]);"
                               "return [p.x, p.y];", node))

    def click_edge(self, edge: str) -> None:
        """A real mouse click on the middle of the edge as drawn."""
        self.click_at(*self.js("var n = window.network, e = n.body.data.edges.get(arguments[0]);"
                               "var p = n.getPositions([e.from, e.to]), a = n.canvasToDOM(p[e.from]),"
                               " b = n.canvasToDOM(p[e.to]); return [(a.x + b.x) / 2, (a.y + b.y) / 2];", edge))

    def click_at(self, x: float, y: float) -> None:
        """A real mouse click at this point of the network's canvas (in CSS pixels from its top left)."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By

        canvas = self.driver.find_element(By.CSS_SELECTOR, "#mynetwork canvas")
        width, height = canvas.size["width"], canvas.size["height"]
        ActionChains(self.driver).move_to_element_with_offset(canvas, int(x - width / 2), int(y - height / 2)) \
            .click().perform()

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        self.driver.save_screenshot(str(target))
        return target
