// The support records page (/support/records): a file over the upload limit is refused by the
// upload box before it is sent (dcc.Upload's max_size), silently; this says why, next to the box.
(function () {
  function check(files, zone) {
    var box = document.getElementById("records-upload-client-message");
    if (!box || !files || !files.length) return;
    var limit = Number(box.getAttribute("data-limit"));
    var file = files[0];
    box.textContent = limit && file.size > limit
      ? file.name + " is too large to upload (" + Math.ceil(file.size / 1024) + " KB; the limit is " +
        box.getAttribute("data-limit-text") + "). Nothing was sent or saved."
      : "";
  }
  // dcc.Upload's file input has no name of its own: give it one, for screen readers and axe.
  function nameInput() {
    var input = document.querySelector("#records-upload input[type=file]");
    if (input && !input.getAttribute("aria-label")) {
      input.setAttribute("aria-label", "Choose a CSV, XLSX or ODS file of records to upload");
    }
  }
  new MutationObserver(nameInput).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("change", function (event) {
    var zone = event.target.closest && event.target.closest("#records-upload");
    if (zone && event.target.files) check(event.target.files, zone);
  }, true);
  document.addEventListener("drop", function (event) {
    var zone = event.target.closest && event.target.closest("#records-upload");
    if (zone && event.dataTransfer) check(event.dataTransfer.files, zone);
  }, true);
})();
