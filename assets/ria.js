// Browser-side helpers for the RIA dashboard.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  ria: {
    // Put a page's filters into the address bar, so the view can be shared and Back restores it.
    // The first call (page render) only remembers which store holds this page's filters.
    pushQuery: function (query, storeId) {
      var triggered = window.dash_clientside.callback_context.triggered || [];
      var initial = triggered.length === 0 || triggered[0].prop_id === ".";
      window.riaActive = { store: storeId, path: window.location.pathname };
      var search = query || "";
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
window.addEventListener("popstate", function () {
  var active = window.riaActive;
  if (active && active.path === window.location.pathname && window.dash_clientside.set_props) {
    window.dash_clientside.set_props(active.store, { data: window.location.search });
  }
});
