// Meeting slides (/present): the keys a presenter or a clicker sends move between slides, and
// the slide number lives in the URL (#3) so a reload keeps the place. Does nothing elsewhere.
(function () {
  "use strict";

  function deck() {
    return document.getElementById("present-deck");
  }

  function slides() {
    return Array.prototype.slice.call(document.querySelectorAll("#present-deck .slide"));
  }

  function current() {
    var n = parseInt((window.location.hash || "").replace("#", ""), 10);
    var total = slides().length;
    return n >= 1 && n <= total ? n : 1;
  }

  function show(n) {
    var all = slides();
    if (!all.length) return;
    n = Math.max(1, Math.min(all.length, n));
    all.forEach(function (slide, i) {
      slide.hidden = i + 1 !== n;
    });
    var counter = document.getElementById("slide-number");
    if (counter) counter.textContent = String(n);
    // The deck starts below what the header still shows (the demo or stale-data banner).
    var header = document.querySelector("header");
    deck().style.setProperty("--deck-top", (header ? header.getBoundingClientRect().bottom : 0) + "px");
    if (window.location.hash !== "#" + n) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search + "#" + n);
    }
    // Charts in a slide that was hidden were laid out at zero size: let plotly measure again.
    window.dispatchEvent(new Event("resize"));
    observeFixedCharts();
    fitFixedCharts();
    drawCharts(all[n - 1]);
  }

  // A slide's chart is drawn when the slide is first shown; the others' once it is on screen, so
  // the room never waits for charts it cannot see (dashboard/pages/present.py, CHART_SLIDES).
  var drawn = [];
  var allQueued = false;
  function setShown(keys) {
    var changed = keys.filter(function (k) { return drawn.indexOf(k) < 0; });
    if (!changed.length) return;
    if (!window.dash_clientside || !window.dash_clientside.set_props) {
      setTimeout(function () { setShown(keys); }, 50);  // Dash's renderer not ready yet
      return;
    }
    drawn = drawn.concat(changed);
    window.dash_clientside.set_props("slide-shown", { data: drawn.slice() });
  }
  function chartKeys() {
    return slides()
      .filter(function (s) { return s.querySelector(".slide-chart"); })
      .map(function (s) { return s.getAttribute("data-key"); });
  }
  function drawCharts(slide) {
    var key = slide && slide.querySelector(".slide-chart") ? slide.getAttribute("data-key") : null;
    if (key) setShown([key]);
    if (allQueued) return;
    allQueued = true;
    var started = Date.now();
    (function rest() {
      var visibleDrawn = !key || slide.querySelector(".slide-chart .main-svg .trace");
      if (visibleDrawn || Date.now() - started > 3000) {
        setTimeout(function () { setShown(chartKeys()); }, 50);
      } else {
        requestAnimationFrame(rest);
      }
    })();
  }

  // A chart drawn at a fixed size (the hex map) is scaled to its slide's free box. The scale is
  // set on the box (CSS variables the graph reads), which outlives the graph's own element.
  function fitFixedCharts() {
    document.querySelectorAll("#present-deck .slide-chart-fixed").forEach(function (box) {
      var width = parseFloat(box.getAttribute("data-width"));
      var height = parseFloat(box.getAttribute("data-height"));
      if (!width || !height || !box.clientWidth || !box.clientHeight) return;
      var scale = Math.min(box.clientWidth / width, box.clientHeight / height);
      box.style.setProperty("--fit-scale", String(scale));
      box.style.setProperty("--fit-left", Math.max(0, (box.clientWidth - width * scale) / 2) + "px");
    });
  }

  window.addEventListener("resize", function () {
    if (deck()) fitFixedCharts();
  });
  // The box's size is known only once the slide is laid out (the deck arrives after the page's
  // scripts, and the header's banner moves it): fit again whenever a box changes size.
  var observed = new WeakSet();
  var boxes = window.ResizeObserver ? new ResizeObserver(fitFixedCharts) : null;
  function observeFixedCharts() {
    if (!boxes) return;
    document.querySelectorAll("#present-deck .slide-chart-fixed").forEach(function (box) {
      if (!observed.has(box)) {
        observed.add(box);
        boxes.observe(box);
      }
    });
  }

  function toggleKeys() {
    var keys = document.getElementById("slide-keys");
    if (keys) keys.hidden = !keys.hidden;
  }

  function toggleFullScreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }

  document.addEventListener("keydown", function (event) {
    if (!deck() || event.altKey || event.ctrlKey || event.metaKey) return;
    var n = current();
    var total = slides().length;
    var key = event.key;
    var handled = true;
    if (key === "ArrowRight" || key === "PageDown" || key === " " || key === "ArrowDown") {
      show(n + 1);
    } else if (key === "ArrowLeft" || key === "PageUp" || key === "ArrowUp") {
      show(n - 1);
    } else if (key === "Home") {
      show(1);
    } else if (key === "End") {
      show(total);
    } else if (/^[1-9]$/.test(key)) {
      show(parseInt(key, 10));
    } else if (key === "f" || key === "F") {
      toggleFullScreen();
    } else if (key === "?") {
      toggleKeys();
    } else {
      handled = false;
    }
    if (handled) event.preventDefault();
  });

  window.addEventListener("hashchange", function () {
    if (deck()) show(current());
  });

  // The deck arrives with the page's layout: show the URL's slide once it is there.
  var shown = false;
  new MutationObserver(function () {
    if (deck() && !shown) {
      shown = true;
      document.documentElement.classList.add("presenting");
      show(current());
    } else if (!deck() && shown) {
      shown = false;
      drawn = [];
      allQueued = false;
      document.documentElement.classList.remove("presenting");
    }
  }).observe(document.documentElement, { childList: true, subtree: true });

  // "Present" on the other pages opens the slides for the region the page shows.
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target.closest && event.target.closest("a.present-link, a.briefing-link");
      if (!link) return;
      var path = link.classList.contains("briefing-link") ? "/briefing" : "/present";
      var region = new URLSearchParams(window.location.search).get("region");
      link.href = path + (region ? "?region=" + encodeURIComponent(region) : "");
    },
    true
  );
})();
