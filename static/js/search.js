// The /search/ page: Pagefind's UI, started with the query from ?q= (the header's search box).
(function () {
  "use strict";
  var query = new URLSearchParams(location.search).get("q");
  var header = document.getElementById("site-search-q");
  if (header && query) header.value = query;  // what was searched for stays where it was typed
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: element.dataset.bundle,
    baseUrl: element.dataset.base,
    showSubResults: true,
    // outline.js reads the terms to open the node that holds them, inside the result's section
    highlightParam: "highlight",
    showImages: false,
    resetStyles: false
  });
  if (query) ui.triggerSearch(query);
})();
