// The papers table: sort by any column, and on /papers/ filter by text, venue and years.
// The page works without this file (a plain table in year order, venue and year pages for
// browsing); the filter form stays hidden until this script can make it do something.
// Filters live in the query string (?q=&venue=&from=&to=&sort=&order=) so a view can be linked.
(function () {
  "use strict";
  var table = document.querySelector("table[data-papers]");
  if (!table || !table.tBodies.length) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var form = document.querySelector("form[data-papers-filter]");
  var shown = form && form.querySelector("[data-papers-shown]");
  var collator = typeof Intl !== "undefined" ? new Intl.Collator(undefined, { numeric: true, sensitivity: "base" }) : null;
  // Search text per row, folded once: title, venue, year and the titles of the posts.
  var haystack = rows.map(function (row) { return fold(row.textContent); });
  var sortKey = "year", sortOrder = "descending";

  function fold(text) {
    text = String(text || "").toLowerCase();
    return text.normalize ? text.normalize("NFKC") : text;
  }

  // A word of the filter matches where a word of the row starts ("raft" is not in "Draft");
  // Chinese and Japanese have no spaces between words, so there it matches anywhere.
  function matcher(word) {
    if (/^[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]/.test(word)) {
      return function (text) { return text.indexOf(word) >= 0; };
    }
    var escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    var pattern = new RegExp("(?:^|[^\\p{L}\\p{N}])" + escaped, "u");
    return function (text) { return pattern.test(text); };
  }

  function compare(a, b, key, numeric) {
    var x = a.getAttribute("data-" + key) || "", y = b.getAttribute("data-" + key) || "";
    // Empty cells (no year, no count) go last whichever way the column is sorted.
    if (x === "" || y === "") return x === y ? 0 : (x === "" ? 1 : -1) * (sortOrder === "ascending" ? 1 : -1);
    if (numeric) return Number(x) - Number(y);
    return collator ? collator.compare(x, y) : (x < y ? -1 : x > y ? 1 : 0);
  }

  function sortRows() {
    var button = table.querySelector('button[data-sort="' + sortKey + '"]');
    if (!button) return;
    var numeric = button.hasAttribute("data-numeric");
    var sign = sortOrder === "ascending" ? 1 : -1;
    var order = rows.map(function (row, index) { return { row: row, index: index }; });
    order.sort(function (a, b) {
      // Ties keep the page's own order (year, then title): a stable sort.
      return sign * compare(a.row, b.row, sortKey, numeric) || a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    order.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
    table.querySelectorAll("th").forEach(function (th) {
      var own = th.querySelector("button[data-sort]");
      if (own && own.getAttribute("data-sort") === sortKey) th.setAttribute("aria-sort", sortOrder);
      else th.removeAttribute("aria-sort");
    });
  }

  function filterRows() {
    if (!form) return;
    var text = fold(form.elements.q.value).trim().split(/\s+/).filter(Boolean).map(matcher);
    var venue = form.elements.venue.value;
    var from = parseInt(form.elements.from.value, 10), to = parseInt(form.elements.to.value, 10);
    var count = 0;
    rows.forEach(function (row, index) {
      var year = parseInt(row.getAttribute("data-year"), 10);
      var visible = text.every(function (matches) { return matches(haystack[index]); })
        && (!venue || row.getAttribute("data-venue") === venue)
        // A year range hides the papers whose year is unknown.
        && (isNaN(from) || (!isNaN(year) && year >= from))
        && (isNaN(to) || (!isNaN(year) && year <= to));
      row.hidden = !visible;
      if (visible) count += 1;
    });
    if (shown) shown.textContent = count === rows.length ? rows.length + " papers" : count + " of " + rows.length + " papers";
  }

  function remember() {
    if (!window.history || !history.replaceState) return;
    var params = new URLSearchParams();
    if (form) {
      ["q", "venue", "from", "to"].forEach(function (name) {
        var value = form.elements[name].value.trim();
        if (value) params.set(name, value);
      });
    }
    if (sortKey !== "year" || sortOrder !== "descending") { params.set("sort", sortKey); params.set("order", sortOrder); }
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    if (form) {
      ["q", "venue", "from", "to"].forEach(function (name) {
        if (params.has(name)) form.elements[name].value = params.get(name);
      });
    }
    var key = params.get("sort");
    if (key && table.querySelector('button[data-sort="' + key + '"]')) {
      sortKey = key;
      sortOrder = params.get("order") === "ascending" ? "ascending" : "descending";
    }
  }

  table.classList.add("papers-sortable");
  table.querySelectorAll("button[data-sort]").forEach(function (button) {
    button.disabled = false;  // disabled in the page itself: without this script they would do nothing
    button.addEventListener("click", function () {
      var key = button.getAttribute("data-sort");
      if (key === sortKey) sortOrder = sortOrder === "ascending" ? "descending" : "ascending";
      else { sortKey = key; sortOrder = button.hasAttribute("data-numeric") ? "descending" : "ascending"; }
      sortRows();
      remember();
    });
  });
  if (form) {
    form.hidden = false;
    form.addEventListener("input", function () { filterRows(); remember(); });
    form.addEventListener("change", function () { filterRows(); remember(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { filterRows(); remember(); }, 0); });
  }
  restore();
  sortRows();
  filterRows();
})();
