// Pickers: a text field that finds a person or a company by search as you
// type, offering the matches in its <datalist>. Each offer ends with the
// record's id ("Jill Okafor · Buyer, Acme · #12"), which is what the server
// reads; without this script the server searches what was typed and offers
// the matches in the same list.
(function () {
  "use strict";
  function label(kind, r) {
    if (kind === "people") {
      var cur = r.current ? " · " + r.current.title + ", " + r.current.company_name : "";
      return r.name + cur + " · #" + r.id;
    }
    var where = r.locations && r.locations.length ? " · " + r.locations.join(", ") : "";
    return r.name + where + " · #" + r.id;
  }
  function attach(input) {
    var kind = input.getAttribute("data-picker");
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null, asked = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q.length < 2 || /#\d+$/.test(q) || q === asked) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        asked = q;
        fetch("/api/v1/search?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (res) {
            if (!res || input.value.trim() !== q) return;
            var found = kind === "people" ? res.people : res.companies;
            list.textContent = "";
            found.slice(0, 12).forEach(function (r) {
              var o = document.createElement("option");
              o.value = label(kind, r);
              list.appendChild(o);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
  document.querySelectorAll("input[data-picker]").forEach(attach);
})();

// A button marked data-print opens the browser's print dialog, where a
// page can also be saved as PDF (the prep sheets).
document.addEventListener("click", (e) => {
  if (e.target.closest("[data-print]")) window.print();
});
