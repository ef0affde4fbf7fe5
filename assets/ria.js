// Browser-side helpers for the RIA dashboard.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  ria: {
    // Put a page's filters into the address bar, so the view can be shared and Back restores it.
    // The first call (page render) only remembers which store holds this page's filters.
    pushQuery: function (query, storeId) {
      var triggered = window.dash_clientside.callback_context.triggered || [];
      var initial = triggered.length === 0 || triggered[0].prop_id === ".";
      var search = query || "";
      window.riaActive = { store: storeId, path: window.location.pathname, query: search };
      if (!initial && window.location.search !== search) {
        window.history.pushState(null, "", window.location.pathname + search);
      }
      return window.dash_clientside.no_update;
    },
  },
});

// Sortable tables: a button in each header cell sorts the rows; aria-sort tells screen readers.
document.addEventListener("click", function (event) {
  var button = event.target.closest("table.sortable th .sort-button");
  if (!button) return;
  var th = button.closest("th");
  var table = th.closest("table");
  var index = Array.prototype.indexOf.call(th.parentNode.children, th);
  var ascending = th.getAttribute("aria-sort") !== "ascending";
  var numeric = button.getAttribute("data-numeric") === "1";
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var key = function (row) {
    var text = row.cells[index] ? row.cells[index].textContent : "";
    if (numeric) {
      var n = parseFloat(text.replace(/,/g, ""));
      return isNaN(n) ? -Infinity : n;
    }
    return text.toLowerCase();
  };
  rows.sort(function (a, b) {
    var ka = key(a), kb = key(b);
    if (ka < kb) return ascending ? -1 : 1;
    if (ka > kb) return ascending ? 1 : -1;
    return 0;
  });
  rows.forEach(function (row) { tbody.appendChild(row); });
  Array.prototype.forEach.call(th.parentNode.children, function (cell) { cell.removeAttribute("aria-sort"); });
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
});

// Back/Forward within one page: Dash's router may not notice a change of query string alone,
// so hand the URL's query to the page's filter store; the page's callbacks do the rest.
// A Back/Forward that changes the path is the router's job: it renders that page from the URL.
// riaLastPath is the path of the page on the screen. Every move within the app (a link, a map
// click, a filter) goes through the browser's history.pushState, so that is where it is noted
// (public browser API only: Dash's own navigation event is private).
var riaLastPath = window.location.pathname;
["pushState", "replaceState"].forEach(function (name) {
  var original = window.history[name];
  window.history[name] = function () {
    var result = original.apply(window.history, arguments);
    riaLastPath = window.location.pathname;
    return result;
  };
});
window.addEventListener("popstate", function () {
  var samePage = riaLastPath === window.location.pathname;
  riaLastPath = window.location.pathname;
  var active = window.riaActive;
  // Only a change of query string matters (a skip link's #main also fires popstate).
  if (samePage && active && active.path === window.location.pathname && active.query !== window.location.search
      && window.dash_clientside.set_props) {
    active.query = window.location.search;
    window.dash_clientside.set_props(active.store, { data: window.location.search });
  }
});

// Tabs (WAI-ARIA pattern): click or arrow keys move between a card's Chart, Table and Download.
function riaSelectTab(tab) {
  var list = tab.closest("[role=tablist]");
  var container = list.parentNode;
  Array.prototype.forEach.call(list.querySelectorAll("[role=tab]"), function (other) {
    var selected = other === tab;
    other.setAttribute("aria-selected", selected ? "true" : "false");
    other.setAttribute("tabindex", selected ? "0" : "-1");
    other.classList.toggle("active", selected);
    var panel = document.getElementById(other.getAttribute("aria-controls"));
    if (panel && panel.parentNode === container) { panel.hidden = !selected; }
  });
  // A chart drawn while hidden has no size: let plotly measure again.
  window.dispatchEvent(new Event("resize"));
}
document.addEventListener("click", function (event) {
  var tab = event.target.closest(".ria-tabs [role=tab]");
  if (tab) { riaSelectTab(tab); }
});
document.addEventListener("keydown", function (event) {
  var tab = event.target.closest && event.target.closest(".ria-tabs [role=tab]");
  if (!tab) return;
  var tabs = Array.prototype.slice.call(tab.closest("[role=tablist]").querySelectorAll("[role=tab]"));
  var index = tabs.indexOf(tab), next = null;
  if (event.key === "ArrowRight") next = tabs[(index + 1) % tabs.length];
  if (event.key === "ArrowLeft") next = tabs[(index - 1 + tabs.length) % tabs.length];
  if (event.key === "Home") next = tabs[0];
  if (event.key === "End") next = tabs[tabs.length - 1];
  // A click, not just a switch: the tab's n_clicks tells Dash to fill a panel opened the first time.
  if (next) { event.preventDefault(); next.click(); next.focus(); }
});

// Deferred sections (the `deferred` fast path: dashboard/fast_paths.py, components/deferred.py;
// unused when RIA_FAST_PATHS turns it off). A section on the screen renders at once;
// the others wait until every chart box rendered so far (.ria-chart) holds a drawn chart and the
// browser is idle, then render one at a time; scrolling to one renders it straight away.
// window.riaDeferUntilSeen = true (set before the page's scripts) keeps them waiting for the
// scroll: the browser tests use it to see a section that is not drawn yet.
(function () {
  var React = window.React;
  var waiting = [];
  var ticking = false;
  var firstWait = null;
  var idle = window.requestIdleCallback || function (run) { return setTimeout(run, 30); };

  function chartsDrawn() {
    var boxes = document.querySelectorAll(".ria-chart");
    for (var i = 0; i < boxes.length; i++) {
      if (!boxes[i].querySelector(".main-svg")) return false;
    }
    return true;
  }

  function tick() {
    if (ticking || !waiting.length || window.riaDeferUntilSeen) return;
    ticking = true;
    idle(function () {
      ticking = false;
      firstWait = firstWait || performance.now();
      // A chart that never draws must not hold the rest back for long.
      if (!chartsDrawn() && performance.now() - firstWait < 4000) { setTimeout(tick, 50); return; }
      var next = waiting.shift();
      if (next) next();
      if (!waiting.length) firstWait = null;  // the next page (Dash navigates in place) waits afresh
      tick();
    }, { timeout: 1000 });
  }

  function Deferred(props) {
    var box = React.useRef(null);
    var state = React.useState(false);
    var onScreen = state[0], setOnScreen = state[1];
    var shown = onScreen || props.shown;
    var setProps = props.setProps;
    React.useLayoutEffect(function () {
      if (shown) return undefined;
      if (box.current.getBoundingClientRect().top < window.innerHeight) {
        setOnScreen(true);  // on the first screen: rendered before the browser paints
        return undefined;
      }
      // Later, through Dash: callbacks may have changed the section meanwhile (a new region),
      // and Dash hands a component its children as they are now only when its own props change.
      var show = function () { setProps({ shown: true }); };
      // Scrolled to before its turn: rendered at once. (No margin ahead of the screen: one would
      // also take in sections just below the first screen, which then delay it.)
      var seen = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) show();
      });
      seen.observe(box.current);
      waiting.push(show);
      tick();
      return function () {
        seen.disconnect();
        var index = waiting.indexOf(show);
        if (index >= 0) waiting.splice(index, 1);
      };
    }, [shown]);
    if (shown) {
      return React.createElement("div", { id: props.id, className: props.className }, props.children);
    }
    return React.createElement(
      "div",
      {
        id: props.id,
        ref: box,
        className: (props.className || "") + " ria-deferred-placeholder",
        style: { minHeight: props.min_height },
        "aria-busy": "true",
        "data-deferred": "",
      },
      React.createElement("p", { className: "text-body-secondary" }, "Loading: " + (props.label || "section") + "\u2026")
    );
  }

  window.ria_components = Object.assign({}, window.ria_components, { Deferred: Deferred });
})();
