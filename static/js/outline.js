/* paperfold outlines: a keyboard tree, place in long posts, folds, levels, deep links, copy link.
 *
 * Works on the HTML of generator/outline/html.py: div.outline > ul.ol-list > li.ol-node
 * (id = anchor, data-depth = 0 at top level). A leaf li is its own row (label span and text);
 * a parent li (class ol-parent) holds span.ol-row, then
 * <details><summary class="ol-fold"></summary>…<ul class="ol-list"></ul></details>.
 * Everything folds without this script (and print shows every fold); it adds:
 *
 * - The WAI-ARIA tree pattern: the outline is one Tab stop (role tree, treeitems, groups,
 *   aria-expanded, a roving tabindex). Keys in the tree: Up/Down move between shown items,
 *   Right opens or goes to the first child, Left closes or goes to the parent, Home/End go to
 *   the first/last shown item, Enter or Space folds, typing letters jumps to the next item
 *   that starts with them, Ctrl+C (Cmd+C) with no text selected copies the item's link.
 * - One copy-link button, moved to the item under the pointer or in focus (shown all along
 *   on touch screens, where nothing hovers).
 * - Place: a sticky bar with the breadcrumb of the item at the top of the window, the
 *   Outline map as a side outline on wide screens with the current top-level item marked
 *   (an IntersectionObserver on the top-level items only), and a back-to-top link.
 * - Arrival: post.html#id opens the node's ancestors, marks it and scrolls it under the bar
 *   (the breadcrumb then names its ancestors); a search result's ?highlight= terms pick the
 *   node of its section that holds them.
 * - The Levels menu shows how many levels are open, at load and after every fold.
 *
 * For other scripts (the search landing): window.paperfoldOutline.reveal(id, {scroll, focus})
 * opens the ancestors of the node with that id, marks it as the target, scrolls it below the
 * sticky bar (scroll defaults to true) and returns its li, or null when no node has that id.
 */
(function () {
  "use strict";

  var outlines = Array.prototype.slice.call(document.querySelectorAll(".outline"));
  if (!outlines.length) return;

  var STORAGE_KEY = "paperfold:outline:" + location.pathname;
  var smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function each(list, callback) { Array.prototype.forEach.call(list, callback); }

  function allDetails() {
    var found = [];
    outlines.forEach(function (outline) {
      found.push.apply(found, outline.querySelectorAll("li.ol-parent > details"));
    });
    return found;
  }

  function depthOf(li) { return parseInt(li.getAttribute("data-depth"), 10) || 0; }
  function detailsOf(li) { return li && li.classList.contains("ol-parent") ? li.children[1] : null; }
  function rowOf(li) { return li.classList.contains("ol-parent") ? li.firstElementChild : li; }

  function parentItem(li) {
    var up = li.parentElement.closest("li.ol-node, .outline");
    return up && up.tagName === "LI" ? up : null;
  }

  /* The item's own text: its label and text, without its continuation lines or children. */
  function ownText(li) {
    var row = rowOf(li), parts = [];
    for (var child = row.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1 && (child.classList.contains("ol-cont") || child.classList.contains("ol-copy"))) break;
      parts.push(child.textContent);
    }
    return parts.join("").trim();
  }

  /* The links in the item's own row and continuation lines, not in its children. */
  function ownLinks(li) {
    var found = [];
    each(li.querySelectorAll("a"), function (link) {
      if (link.closest("li.ol-node") === li) found.push(link);
    });
    return found;
  }

  /* ---- the tree pattern: roles, aria-expanded, one Tab stop ---- */

  outlines.forEach(function (outline, index) {
    var root = outline.querySelector(":scope > .ol-list");
    root.setAttribute("role", "tree");
    root.setAttribute("aria-label", outlines.length > 1 ? "Outline " + (index + 1) : "Outline");
    each(outline.querySelectorAll("li.ol-node"), function (li) { li.setAttribute("role", "treeitem"); });
    each(outline.querySelectorAll("li.ol-parent > details"), function (details) {
      details.parentElement.setAttribute("aria-expanded", details.open ? "true" : "false");
      details.lastElementChild.setAttribute("role", "group");
      // The summary folds without this script; in the tree the item itself is the control.
      var summary = details.firstElementChild;
      summary.setAttribute("tabindex", "-1");
      summary.setAttribute("aria-hidden", "true");
    });
    // Links leave the Tab order but for the current item's, which Tab reaches from it.
    each(root.querySelectorAll("a"), function (link) { link.setAttribute("tabindex", "-1"); });
    var first = root.firstElementChild;
    if (first) first.setAttribute("tabindex", "0");
    outline.classList.add("ol-js");  // rows are clickable: the stylesheet shows it
  });

  var current = null;  // the tree's one item with tabindex 0, per page

  function makeCurrent(li) {
    if (current === li) return;
    // Each outline on the page is a tree of its own, with its own Tab stop.
    each(li.closest('[role="tree"]').querySelectorAll('li.ol-node[tabindex="0"]'), function (other) {
      if (other !== li) other.removeAttribute("tabindex");  // removing it from li would blur it
    });
    if (current) {
      current.removeAttribute("aria-label");
      each(ownLinks(current), function (link) { link.setAttribute("tabindex", "-1"); });
    }
    current = li;
    li.setAttribute("tabindex", "0");
    each(ownLinks(li), function (link) { link.removeAttribute("tabindex"); });  // Tab goes on to them
    // A treeitem is named by its content, which holds its whole subtree: the item in focus
    // is named by its own row only, so a screen reader says one line.
    li.setAttribute("aria-label", ownText(li));
    placeCopyButton(li);
  }

  function focusItem(li) {
    if (!li) return;
    makeCurrent(li);
    li.focus({ preventScroll: true });
    var box = rowOf(li).getBoundingClientRect();
    // By the row's own box: a parent's li holds its whole subtree, taller than the window.
    if (box.top < stickyHeight()) window.scrollBy(0, box.top - stickyHeight() - 4);
    else if (box.bottom > window.innerHeight) window.scrollBy(0, box.bottom - window.innerHeight + 4);
  }

  function shownChildren(li) {
    var details = detailsOf(li);
    return details && details.open ? details.lastElementChild : null;
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
    for (var list = shownChildren(before); list && list.lastElementChild; list = shownChildren(before)) {
      before = list.lastElementChild;
    }
    return before;
  }

  function lastShown(tree) {
    var li = tree.lastElementChild;
    for (var list = li && shownChildren(li); list && list.lastElementChild; list = shownChildren(li)) {
      li = list.lastElementChild;
    }
    return li;
  }

  var typed = "", typedTimer = null;

  function typeAhead(li, key) {
    clearTimeout(typedTimer);
    typedTimer = setTimeout(function () { typed = ""; }, 700);
    typed += key.toLocaleLowerCase();
    var tree = li.closest('[role="tree"]');
    // From the item after this one (the same one while a word is being typed), around the tree.
    var start = typed.length > 1 ? li : nextShown(li) || tree.firstElementChild;
    for (var candidate = start, seen = 0; candidate && seen < 100000; seen++) {
      var text = ownText(candidate).toLocaleLowerCase();
      var label = candidate.querySelector(".ol-label");
      var words = label && rowOf(candidate).contains(label) ? text.slice(label.textContent.length).trim() : text;
      if (words.indexOf(typed) === 0 || text.indexOf(typed) === 0) return candidate;
      candidate = nextShown(candidate) || tree.firstElementChild;
      if (candidate === start) break;
    }
    return null;
  }

  function setOpen(details, open) {
    // aria-expanded follows at once: the toggle event comes a task later.
    details.open = open;
    details.parentElement.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function toggle(li) {
    var details = detailsOf(li);
    if (details) setOpen(details, !details.open);
  }

  function onKey(event) {
    var li = event.target;
    if (!li.classList || !li.classList.contains("ol-node")) return;
    var details = detailsOf(li);
    if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "c" || event.key === "C")) {
      var selection = window.getSelection && window.getSelection();
      if (selection && !selection.isCollapsed) return;  // copying selected text: the browser's
      copyLink(li);
      event.preventDefault();
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case "ArrowDown": focusItem(nextShown(li)); break;
      case "ArrowUp": focusItem(previousShown(li)); break;
      case "ArrowRight":
        if (details && !details.open) setOpen(details, true);
        else if (details) focusItem(nextShown(li));
        break;
      case "ArrowLeft":
        if (details && details.open) setOpen(details, false);
        else focusItem(parentItem(li));
        break;
      case "Home": focusItem(li.closest('[role="tree"]').firstElementChild); break;
      case "End": focusItem(lastShown(li.closest('[role="tree"]'))); break;
      case "Enter":
      case " ":
        toggle(li);
        break;
      default:
        if (event.key.length === 1 && event.key !== " ") {
          focusItem(typeAhead(li, event.key));
          break;
        }
        return;
    }
    event.preventDefault();
  }

  /* ---- a click on a row makes it the tree's item; on a parent's row it also folds ---- */

  function onRowClick(event) {
    if (event.defaultPrevented || event.button !== 0) return;
    var target = event.target;
    if (!target.closest) return;
    var li = target.closest("li.ol-node");
    if (!li) return;
    if (target.closest("a, button, input, select, textarea")) { makeCurrent(li); return; }
    var summary = target.closest("summary");
    if (summary) {  // it folds by itself; the item takes the focus (see mousedown below)
      makeCurrent(li);
      li.focus({ preventScroll: true });
      return;
    }
    var row = rowOf(li);
    if (!row.contains(target) || target.closest(".ol-cont")) { makeCurrent(li); li.focus({ preventScroll: true }); return; }
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var selection = window.getSelection && window.getSelection();
    if (selection && !selection.isCollapsed && row.contains(selection.anchorNode)) return;  // selecting text
    toggle(li);
    makeCurrent(li);
    li.focus({ preventScroll: true });
  }

  /* ---- one copy-link button, moved to the item in use ---- */

  var copyButton = document.createElement("button");
  copyButton.type = "button";
  copyButton.className = "ol-copy";
  copyButton.title = "Copy a link to this item (in the outline: Ctrl+C)";
  // Out of the Tab order and of the tree's names: the keyboard copies with Ctrl+C on the item.
  copyButton.setAttribute("tabindex", "-1");
  copyButton.setAttribute("aria-hidden", "true");

  function placeCopyButton(li) {
    var host = rowOf(li);
    if (copyButton.parentElement === host) return;
    var cont = li.classList.contains("ol-parent") ? null : host.querySelector(":scope > .ol-cont");
    host.insertBefore(copyButton, cont);
  }

  function copyLink(li) {
    var url = location.href.split("#")[0] + "#" + li.id;
    placeCopyButton(li);
    function copied() {
      history.replaceState(null, "", "#" + li.id);
      showTarget(li.id, false);
      copyButton.classList.add("ol-copied");
      setTimeout(function () { copyButton.classList.remove("ol-copied"); }, 1500);
      announce("Link copied");
    }
    if (!navigator.clipboard || !window.isSecureContext) { location.hash = li.id; return; }
    navigator.clipboard.writeText(url).then(copied, function () { location.hash = li.id; });
  }

  copyButton.addEventListener("click", function (event) {
    event.preventDefault();
    var li = copyButton.closest("li.ol-node");
    if (li) copyLink(li);
  });

  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  outlines[0].parentNode.insertBefore(status, outlines[0]);

  function announce(text) {
    status.textContent = text;
    setTimeout(function () { status.textContent = ""; }, 2000);
  }

  /* ---- toolbar: expand all, collapse all, levels (which shows what is open) ---- */

  function setLevel(level) {
    // "Show N levels": a node at depth d is open when its children (depth d+1) are shown.
    allDetails().forEach(function (details) {
      details.open = level === "all" || depthOf(details.parentElement) < parseInt(level, 10) - 1;
    });
  }

  function shownLevels() {
    // N when exactly the nodes above depth N-1 are open, "all" when every one is, "" otherwise.
    var deepestOpen = -1, shallowestClosed = Infinity;
    allDetails().forEach(function (details) {
      var depth = depthOf(details.parentElement);
      if (details.open) deepestOpen = Math.max(deepestOpen, depth);
      else shallowestClosed = Math.min(shallowestClosed, depth);
    });
    if (shallowestClosed === Infinity) return "all";
    if (deepestOpen >= shallowestClosed) return "";
    var levels = deepestOpen + 2;
    return levels <= 6 ? String(levels) : "";
  }

  var bar = document.querySelector(".ol-toolbar");
  if (!bar) {
    bar = document.createElement("div");
    bar.className = "ol-toolbar";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Outline controls");
    bar.innerHTML =
      '<button type="button" data-ol-action="expand">Expand all</button> ' +
      '<button type="button" data-ol-action="collapse">Collapse all</button> ' +
      '<label>Levels <select data-ol-action="level">' +
      '<option value="">–</option><option>1</option><option>2</option><option>3</option>' +
      '<option>4</option><option>5</option><option>6</option><option value="all">all</option>' +
      "</select></label>";
    outlines[0].parentNode.insertBefore(bar, outlines[0]);
  }
  var levelMenu = bar.querySelector('[data-ol-action="level"]');

  function showLevels() {
    if (levelMenu) levelMenu.value = shownLevels();
  }

  bar.addEventListener("click", function (event) {
    var action = event.target.getAttribute && event.target.getAttribute("data-ol-action");
    if (action === "expand") { setLevel("all"); levelMenu.value = "all"; }
    else if (action === "collapse") { setLevel("1"); levelMenu.value = "1"; }
    else if (action === "top") { event.preventDefault(); toTop(); }
  });
  bar.addEventListener("change", function (event) {
    if (event.target === levelMenu && levelMenu.value) setLevel(levelMenu.value);
  });

  /* ---- remembered fold state (per post: the set of open anchors) ---- */

  var saveTimer = null;

  function onToggle(event) {
    var details = event.target;
    if (details.tagName !== "DETAILS" || !details.parentElement.classList.contains("ol-node")) return;
    details.parentElement.setAttribute("aria-expanded", details.open ? "true" : "false");
    // Expand-all fires one toggle event per node: save once, after they settle.
    clearTimeout(saveTimer);
    saveTimer = setTimeout(function () {
      showLevels();
      updateCrumbs();  // folding moves other items under the bar without a scroll
      var open = allDetails()
        .filter(function (each) { return each.open; })
        .map(function (each) { return each.parentElement.id; });
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(open));
      } catch (error) { /* storage full or disabled: folds are just not remembered */ }
    }, 100);
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

  /* ---- the sticky bar: its height keeps arrivals and the breadcrumb below it ---- */

  // post.html writes the breadcrumb's place in the bar, so the bar has its full height from the
  // first paint; adding it here moved the whole page down a line after its first layout.
  var crumbs = bar.querySelector(".ol-crumbs");
  if (!crumbs) {
    crumbs = document.createElement("nav");
    crumbs.className = "ol-crumbs";
    crumbs.setAttribute("aria-label", "Section in view");
    crumbs.appendChild(document.createElement("ol"));
    bar.appendChild(crumbs);
  }
  var crumbList = crumbs.firstElementChild;

  function stickyHeight() {
    return bar.getBoundingClientRect().bottom > 0 ? Math.max(0, bar.getBoundingClientRect().bottom) : 0;
  }

  var barHeight = 0;  // the bar's offsetHeight, as last measured

  function setStickyMargin(height) {
    // The page's scroll-padding-top: whatever is scrolled into view, a #id, a search result, a
    // footnote, lands below the bar. Set on the root itself, not through site.css's inherited
    // --ol-scroll-top, whose change restyled every element of the page.
    barHeight = height === undefined ? bar.offsetHeight : height;
    document.documentElement.style.scrollPaddingTop = barHeight + 4 + "px";
  }

  var shownCrumb = null;

  function nodeAtTop() {
    var outline = outlines[0].getBoundingClientRect();
    var y = Math.max(bar.getBoundingClientRect().bottom, 0) + 8;
    // Near the right edge, where every row reaches: the left side is the ancestors' rails.
    var element = document.elementFromPoint(Math.max(outline.left, outline.right - 8), y);
    var li = element && element.closest && element.closest("li.ol-node");
    return li;
  }

  var arrived = null;  // an arrival names its target, not whatever row sits under the bar

  function updateCrumbs() {
    var li = arrived || nodeAtTop();
    arrived = null;
    if (li === shownCrumb) return;
    shownCrumb = li;
    var path = [];
    for (var up = li; up; up = parentItem(up)) path.unshift(up);
    crumbList.textContent = "";
    path.forEach(function (item, index) {
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + item.id;
      link.textContent = ownText(item);
      if (index === path.length - 1) link.setAttribute("aria-current", "location");
      entry.appendChild(link);
      crumbList.appendChild(entry);
    });
  }

  /* ---- the side outline (wide screens): the Outline map with its current entry marked ---- */

  var map = document.querySelector(".outline-map");
  var mapLinks = {};
  var wide = window.matchMedia("(min-width: 75rem)");
  if (map) {
    each(map.querySelectorAll("a[href^='#']"), function (link) { mapLinks[link.getAttribute("href").slice(1)] = link; });
    var mapDetails = map.querySelector("details");
    if (mapDetails && wide.matches) mapDetails.open = true;  // a side outline starts open where it fits
  }
  var markedEntry = null;

  function markMapEntry(id) {
    var link = mapLinks[id] || null;
    if (link === markedEntry) return;
    if (markedEntry) markedEntry.removeAttribute("aria-current");
    markedEntry = link;
    if (link) {
      link.setAttribute("aria-current", "location");
      if (wide.matches) {
        var list = link.closest("ol"), box = link.getBoundingClientRect(), view = list.getBoundingClientRect();
        if (box.top < view.top || box.bottom > view.bottom) list.scrollTop += box.top - view.top - view.height / 3;
      }
    }
  }

  var spy = null;

  function watchTopLevels() {
    // The top-level item that crosses a one-pixel line under the sticky bar is the current one;
    // only the top-level items are watched, however many items the outline has.
    if (!("IntersectionObserver" in window) || !map) return;
    if (spy) spy.disconnect();
    var top = barHeight + 8;
    spy = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { if (entry.isIntersecting) markMapEntry(entry.target.id); });
    }, { rootMargin: -top + "px 0px " + (top + 1 - window.innerHeight) + "px 0px" });
    outlines.forEach(function (outline) {
      each(outline.querySelector(":scope > .ol-list").children, function (li) { if (mapLinks[li.id]) spy.observe(li); });
    });
  }

  /* ---- back to top ---- */

  var topLink = document.querySelector(".to-top");

  function toTop() {
    window.scrollTo({ top: 0, behavior: smooth ? "smooth" : "auto" });
    var main = document.getElementById("main");
    if (main) main.focus({ preventScroll: true });
  }

  if (topLink) {
    topLink.addEventListener("click", function (event) { event.preventDefault(); toTop(); });
  }

  var scrollPending = false;
  function onScroll() {
    if (scrollPending) return;
    scrollPending = true;
    requestAnimationFrame(function () {
      scrollPending = false;
      updateCrumbs();
      if (topLink) topLink.classList.toggle("to-top-shown", window.scrollY > window.innerHeight);
    });
  }

  /* ---- deep links: post.html#id opens the node's ancestors and marks it ---- */

  function showTarget(id, scroll) {
    var node = id && document.getElementById(id);
    if (!node || !node.classList.contains("ol-node")) return null;
    for (var up = node.parentElement; up; up = up.parentElement) {
      if (up.tagName === "DETAILS") up.open = true;
    }
    each(document.querySelectorAll(".ol-target"), function (old) { old.classList.remove("ol-target"); });
    node.classList.add("ol-target");
    makeCurrent(node);
    if (scroll) {
      // The page's scroll-padding-top (the sticky bar's height) keeps it below the bar; the breadcrumb then
      // names its ancestors.
      arrived = node;
      updateCrumbs();
      setStickyMargin();
      node.scrollIntoView({ block: "start", behavior: "auto" });
      arrived = node;  // the scroll this caused reports the same place
    }
    return node;
  }

  function hashId() {
    try {
      return decodeURIComponent(location.hash.slice(1));
    } catch (error) { return location.hash.slice(1); }
  }

  /* ---- search results: a record lands on its section's first node; Pagefind's ?highlight=
     terms then pick the node in that section that holds them ---- */

  var SECTION_CHARACTERS = 3500;  // search_records.py cuts sections at about 3,000

  function searchedId(id) {
    var terms = new URLSearchParams(location.search).getAll("highlight")
      .map(function (term) { return term.toLocaleLowerCase(); })
      .filter(function (term) { return term.length > 0; });
    var start = id && document.getElementById(id);
    if (!terms.length || !start || !start.classList.contains("ol-node")) return id;
    var nodes = Array.prototype.slice.call(document.querySelectorAll("li.ol-node"));
    var seen = 0;
    for (var index = nodes.indexOf(start); index < nodes.length && seen < SECTION_CHARACTERS; index++) {
      var own = nodes[index].cloneNode(true);
      each(own.querySelectorAll("details > ul, .ol-copy"), function (child) { child.remove(); });
      var text = own.textContent.toLocaleLowerCase();
      seen += text.length;
      if (terms.some(function (term) { return text.indexOf(term) >= 0; })) return nodes[index].id;
    }
    return id;
  }

  window.paperfoldOutline = {
    reveal: function (id, options) {
      var node = showTarget(id, !options || options.scroll !== false);
      if (node && options && options.focus) node.focus({ preventScroll: true });
      return node;
    },
  };

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
    outline.addEventListener("keydown", onKey);
    outline.addEventListener("click", onRowClick);
    outline.addEventListener("mousedown", function (event) {
      // A click on a fold toggle folds without focusing it: the keys work on the item.
      if (event.target.closest && event.target.closest("summary.ol-fold")) event.preventDefault();
    });
    outline.addEventListener("focusin", function (event) {
      if (event.target.classList && event.target.classList.contains("ol-node")) makeCurrent(event.target);
    });
    outline.addEventListener("mouseover", function (event) {
      var li = event.target.closest && event.target.closest("li.ol-node");
      if (li && !(window.matchMedia && window.matchMedia("(hover: none)").matches)) placeCopyButton(li);
    });
    // "toggle" does not bubble; listening in the capture phase still sees every one.
    outline.addEventListener("toggle", onToggle, true);
  });
  window.addEventListener("hashchange", function () { showTarget(hashId(), true); });
  window.addEventListener("scroll", onScroll, { passive: true });
  window.addEventListener("resize", function () { watchTopLevels(); onScroll(); });

  function onResized(entries) {
    // The bar's height sets the scroll padding and the side outline's line. Sizes come from the
    // layout the browser does anyway: reading offsetHeight at start-up forced one of its own.
    entries.forEach(function (entry) {
      if (entry.target !== bar) return;
      var height = entry.borderBoxSize ? entry.borderBoxSize[0].blockSize : bar.offsetHeight;
      if (height === barHeight) return;
      setStickyMargin(height);
      watchTopLevels();
    });
    // The item under the bar also changes with no scroll: the top-level items are laid out only
    // near the window (content-visibility: auto in outline.css), so those a scroll brings in take
    // their real size a frame after it, below a breadcrumb computed from their placeholder size.
    onScroll();
  }

  restoreState();
  showLevels();
  if (location.hash) {  // a #id target wins over remembered folds
    var target = searchedId(hashId());
    if (target !== hashId()) history.replaceState(null, "", "#" + encodeURIComponent(target));
    showTarget(target, true);
  }
  if ("ResizeObserver" in window) {
    // It reports every watched size once at the first frame: the breadcrumb and the side outline
    // start there.
    var sizes = new ResizeObserver(onResized);
    sizes.observe(bar);
    outlines.forEach(function (outline) {
      each(outline.querySelector(":scope > .ol-list").children, function (li) { sizes.observe(li); });
    });
  } else {
    setStickyMargin();
    watchTopLevels();
    updateCrumbs();
  }
})();
