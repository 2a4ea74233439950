/* paperfold outlines: expand/collapse, levels, deep links, remembered folds, keyboard.
 *
 * Works on the HTML of generator/outline_html.py: div.outline > ul.ol-list > li.ol-node
 * (id = anchor, data-depth = 0 at top level). Every node starts with its span.ol-row; a node
 * with children then holds <details><summary class="ol-fold"></summary>…<ul></ul></details>,
 * the summary being an empty, named fold toggle (no links inside a button).
 * Everything folds without this script; it only adds conveniences: a click on a parent's
 * row folds it like a click on its chevron, and arrow keys move between the rows.
 */
(function () {
  "use strict";

  var outlines = Array.prototype.slice.call(document.querySelectorAll(".outline"));
  if (!outlines.length) return;

  var STORAGE_KEY = "paperfold:outline:" + location.pathname;

  function allDetails() {
    var found = [];
    outlines.forEach(function (outline) {
      found.push.apply(found, outline.querySelectorAll("li.ol-node > details"));
    });
    return found;
  }

  function depthOf(details) {
    return parseInt(details.parentElement.getAttribute("data-depth"), 10) || 0;
  }

  /* ---- toolbar: expand all, collapse all, show N levels ---- */

  function setLevel(level) {
    // "Show N levels": a node at depth d is open when its children (depth d+1) are shown.
    allDetails().forEach(function (details) {
      details.open = level === "all" || depthOf(details) < parseInt(level, 10) - 1;
    });
  }

  function makeToolbar() {
    var bar = document.createElement("div");
    bar.className = "ol-toolbar";
    bar.innerHTML =
      '<button type="button" data-ol-action="expand">Expand all</button> ' +
      '<button type="button" data-ol-action="collapse">Collapse all</button> ' +
      '<label>Levels <select data-ol-action="level">' +
      '<option value="">–</option><option>1</option><option>2</option><option>3</option>' +
      '<option>4</option><option>5</option><option>6</option><option value="all">all</option>' +
      "</select></label>";
    outlines[0].parentNode.insertBefore(bar, outlines[0]);
    return bar;
  }

  function wireToolbar(bar) {
    bar.addEventListener("click", function (event) {
      var action = event.target.getAttribute && event.target.getAttribute("data-ol-action");
      var level = action === "expand" ? "all" : action === "collapse" ? "1" : null;
      if (level) {
        setLevel(level);
        bar.querySelector('[data-ol-action="level"]').value = level;  // the menu says what is shown
      }
    });
    bar.addEventListener("change", function (event) {
      if (event.target.getAttribute("data-ol-action") === "level" && event.target.value) {
        setLevel(event.target.value);
      }
    });
  }

  var bars = document.querySelectorAll(".ol-toolbar");
  if (!bars.length) bars = [makeToolbar()];
  Array.prototype.forEach.call(bars, wireToolbar);

  /* ---- remembered fold state (per post: the set of open anchors) ---- */

  var saveTimer = null;

  function saveState() {
    // Expand-all fires one toggle event per node: save once, after they settle.
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () {
      var open = allDetails()
        .filter(function (details) { return details.open; })
        .map(function (details) { return details.parentElement.id; });
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(open));
      } catch (error) { /* storage full or disabled: folds are just not remembered */ }
    }, 250);
  }

  function restoreState() {
    var stored = null;
    try {
      stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
    } catch (error) { stored = null; }
    if (!Array.isArray(stored)) return;  // never saved: keep the page's default folds
    var open = new Set(stored);
    allDetails().forEach(function (details) {
      details.open = open.has(details.parentElement.id);
    });
  }

  /* ---- deep links: post.html#id opens the node's ancestors and highlights it ---- */

  function showTarget(id, scroll) {
    var node = id && document.getElementById(id);
    if (!node || !node.classList.contains("ol-node")) return;
    for (var up = node.parentElement; up; up = up.parentElement) {
      if (up.tagName === "DETAILS") up.open = true;
    }
    document.querySelectorAll(".ol-target").forEach(function (old) {
      old.classList.remove("ol-target");
    });
    node.classList.add("ol-target");
    if (scroll) {
      var smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      node.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
    }
  }

  function hashId() {
    try {
      return decodeURIComponent(location.hash.slice(1));
    } catch (error) { return location.hash.slice(1); }
  }

  window.addEventListener("hashchange", function () { showTarget(hashId(), true); });

  /* ---- search results: a record lands on its section's first node; Pagefind's ?highlight=
     terms then pick the node in that section that holds them ---- */

  var SECTION_CHARACTERS = 3500;  // search_records.py cuts sections at about 3,000

  function ownText(node) {
    var parts = [];
    for (var child = node.firstElementChild; child; child = child.nextElementSibling) {
      if (child.tagName !== "DETAILS" && child.tagName !== "UL") parts.push(child.textContent);
    }
    return parts.join(" ");
  }

  function searchedId(id) {
    var terms = new URLSearchParams(location.search).getAll("highlight")
      .map(function (term) { return term.toLocaleLowerCase(); })
      .filter(function (term) { return term.length > 0; });
    var start = id && document.getElementById(id);
    if (!terms.length || !start || !start.classList.contains("ol-node")) return id;
    var nodes = Array.prototype.slice.call(document.querySelectorAll("li.ol-node"));
    var seen = 0;
    for (var index = nodes.indexOf(start); index < nodes.length && seen < SECTION_CHARACTERS; index++) {
      var text = ownText(nodes[index]).toLocaleLowerCase();
      seen += text.length;
      if (terms.some(function (term) { return text.indexOf(term) >= 0; })) return nodes[index].id;
    }
    return id;
  }

  /* ---- copy link on the # anchors (falls back to plain navigation) ---- */

  document.addEventListener("click", function (event) {
    var anchor = event.target.closest && event.target.closest(".outline a.ol-anchor");
    if (!anchor || !navigator.clipboard || !window.isSecureContext) return;
    event.preventDefault();
    var id = anchor.getAttribute("href").slice(1);
    var url = location.href.split("#")[0] + "#" + id;
    navigator.clipboard.writeText(url).then(function () {
      history.replaceState(null, "", "#" + id);
      showTarget(id, false);
      anchor.classList.add("ol-copied");
      setTimeout(function () { anchor.classList.remove("ol-copied"); }, 1500);
    }, function () {
      location.hash = id;  // clipboard refused: just go there
    });
  });

  /* ---- keyboard: Up/Down between visible rows, Right opens, Left closes or goes up ---- */

  // A node's focus target is its fold toggle (a parent: the summary, focusable and announced
  // as expanded or collapsed) or its row (a leaf: made focusable on demand).
  function childOf(element, test) {
    for (var child = element && element.firstElementChild; child; child = child.nextElementSibling) {
      if (test(child)) return child;
    }
    return null;
  }

  function detailsOf(li) {
    return childOf(li, function (child) { return child.tagName === "DETAILS"; });
  }

  function rowOf(li) {
    if (!li) return null;
    var details = detailsOf(li);
    return details ? details.firstElementChild : childOf(li, function (child) {
      return child.classList.contains("ol-row");
    });
  }

  function shownChildren(li) {
    // The node's child items, or null when it has none or they are folded away.
    var details = detailsOf(li);
    if (!details || !details.open) return null;
    return childOf(details, function (child) { return child.classList.contains("ol-list"); });
  }

  function parentItem(li) {
    var up = li.parentElement.closest("li.ol-node, .outline");
    return up && up.tagName === "LI" ? up : null;
  }

  function nextShown(li) {
    var list = shownChildren(li);
    if (list && list.firstElementChild) return list.firstElementChild;
    for (; li; li = parentItem(li)) {
      if (li.nextElementSibling) return li.nextElementSibling;
    }
    return null;
  }

  function previousShown(li) {
    var before = li.previousElementSibling;
    if (!before) return parentItem(li);
    // The last shown row above is the deepest last child of the previous sibling.
    for (var list = shownChildren(before); list && list.lastElementChild; list = shownChildren(before)) {
      before = list.lastElementChild;
    }
    return before;
  }

  function focusRow(row) {
    if (!row) return;
    if (row.tagName !== "SUMMARY" && !row.hasAttribute("tabindex")) row.setAttribute("tabindex", "-1");
    row.focus();
  }

  function onKey(event) {
    var row = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (!(row.classList.contains("ol-fold") || row.classList.contains("ol-row"))) return;
    var li = row.closest("li.ol-node");
    var details = detailsOf(li);
    switch (event.key) {
      case "ArrowDown":
        focusRow(rowOf(nextShown(li)));
        break;
      case "ArrowUp":
        focusRow(rowOf(previousShown(li)));
        break;
      case "ArrowRight":
        if (details && !details.open) details.open = true;
        else if (details) focusRow(rowOf(nextShown(li)));
        break;
      case "ArrowLeft":
        if (details && details.open) details.open = false;
        else focusRow(rowOf(parentItem(li)));
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  /* ---- a click on a parent's row folds it, as the click on a <summary> row used to ---- */

  function onRowClick(event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (!target.closest || target.closest("a, button, input, select, textarea, summary")) return;
    var row = target.closest(".ol-row");
    var details = row && detailsOf(row.parentElement);
    if (!details) return;  // a leaf: nothing to fold
    var selection = window.getSelection && window.getSelection();
    if (selection && !selection.isCollapsed && row.contains(selection.anchorNode)) return;  // selecting text
    details.open = !details.open;
    details.firstElementChild.focus({ preventScroll: true });  // arrow keys go on from here
  }

  /* ---- print: browsers do not print the content of closed <details> ---- */

  var foldsBeforePrint = null;
  window.addEventListener("beforeprint", function () {
    foldsBeforePrint = allDetails().map(function (details) { return details.open; });
    allDetails().forEach(function (details) { details.open = true; });
  });
  window.addEventListener("afterprint", function () {
    if (!foldsBeforePrint) return;
    var folds = foldsBeforePrint;
    allDetails().forEach(function (details, index) { details.open = folds[index]; });
    foldsBeforePrint = null;
  });

  outlines.forEach(function (outline) {
    outline.classList.add("ol-js");  // rows are clickable: the stylesheet shows it
    outline.addEventListener("keydown", onKey);
    outline.addEventListener("click", onRowClick);
    // "toggle" does not bubble; listening in the capture phase still sees every one.
    outline.addEventListener("toggle", saveState, true);
  });

  restoreState();
  if (location.hash) {  // a #id target wins over remembered folds
    var target = searchedId(hashId());
    if (target !== hashId()) history.replaceState(null, "", "#" + encodeURIComponent(target));
    showTarget(target, true);
  }
})();
