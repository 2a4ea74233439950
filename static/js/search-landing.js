// A post opened from a search result (?highlight=word, as the results page adds): the words are
// marked where they stand in the post, so the eye finds them in the node outline.js opened.
(function () {
  "use strict";
  var MARKS = 500;  // enough for any node; a word on every line of a long post stops here
  var terms = new URLSearchParams(location.search).getAll("highlight")
    .map(function (term) { return term.trim().toLocaleLowerCase(); })
    .filter(function (term) { return term.length > 0; });
  var body = document.querySelector("[data-pagefind-body]");
  if (!terms.length || !body) return;
  // Pagefind's terms lose punctuation ("Reed-Solomon" comes as reedsolomon): any may stand between letters.
  var pattern = new RegExp(terms.map(function (term) {
    return Array.from(term.replace(/[^\p{L}\p{N}]+/gu, "")).map(function (letter) {
      return letter.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("[^\\p{L}\\p{N}\\s]?");
  }).filter(Boolean).join("|"), "giu");
  if (pattern.source === "(?:)") return;
  var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
    acceptNode: function (node) {
      var parent = node.parentElement;
      if (!parent || parent.closest("script, style, mark, .katex")) return NodeFilter.FILTER_REJECT;
      pattern.lastIndex = 0;
      return pattern.test(node.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    }
  });
  var found = [];
  while (found.length < MARKS && walker.nextNode()) found.push(walker.currentNode);
  found.forEach(function (node) {
    var text = node.data;
    var fragment = document.createDocumentFragment();
    var last = 0;
    pattern.lastIndex = 0;
    for (var match = pattern.exec(text); match; match = pattern.exec(text)) {
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      var mark = document.createElement("mark");
      mark.className = "search-hit";
      mark.textContent = match[0];
      fragment.appendChild(mark);
      last = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    node.parentNode.replaceChild(fragment, node);
  });
})();
