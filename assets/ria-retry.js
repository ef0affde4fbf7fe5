// Faults (dashboard/faults.py): while the store cannot be read, the server answers Dash's layout
// and callback requests with 503 and Retry-After. Here the page says so and asks again until the
// store is back, so Dash only sees the answer that finally comes and the page recovers by itself.
// Public browser API only: Dash makes these requests with window.fetch, wrapped here.
(function () {
  if (!window.fetch) return;
  var plainFetch = window.fetch.bind(window);
  var RETRIED = /\/_dash-(layout|update-component)$/;
  var GIVE_UP_MS = 10 * 60 * 1000;  // then Dash gets the 503, and the message says to reload
  var waiting = 0;

  function show(text) {
    var box = document.getElementById("ria-unavailable");
    if (!box) {
      box = document.createElement("div");
      box.id = "ria-unavailable";
      box.className = "ria-unavailable";
      box.setAttribute("role", "status");
      document.body.appendChild(box);
    }
    box.textContent = text;
    box.hidden = false;
  }

  function hide() {
    var box = document.getElementById("ria-unavailable");
    if (box) box.hidden = true;
  }

  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    if (!RETRIED.test(url.split("?")[0])) return plainFetch(input, init);
    var started = Date.now();
    function attempt() {
      return plainFetch(input, init).then(function (response) {
        if (response.status !== 503) {
          if (!waiting) hide();
          return response;
        }
        if (Date.now() - started > GIVE_UP_MS) {
          show("The data is still unavailable. Reload the page to try again.");
          return response;
        }
        var seconds = parseInt(response.headers.get("Retry-After"), 10);
        var delay = Math.min(Math.max(isNaN(seconds) ? 5 : seconds, 1), 30) * 1000;
        show("The data is temporarily unavailable; retrying\u2026");
        waiting += 1;
        return new Promise(function (resolve) { setTimeout(resolve, delay); }).then(function () {
          waiting -= 1;
          return attempt();
        });
      });
    }
    return attempt();
  };
})();
