// The /search/ page: Pagefind's UI over every bundle of the index (search/index.py writes the
// posts in batches; parts.json names the bundles merged into the first), started with ?q=.
// A post is one Pagefind page whose outline nodes are anchors: each result is given sub-results
// that open the nodes holding the words, titled by their ancestors (the page's outline_depths).
(function () {
  "use strict";
  var query = new URLSearchParams(location.search).get("q");
  var header = document.getElementById("site-search-q");
  if (header && query) header.value = query;  // what was searched for stays where it was typed
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var bundle = element.dataset.bundle;

  var BREADCRUMB_CHARACTERS = 110;  // about two lines of the results column
  var PIECE_CHARACTERS = 40;
  var SUB_RESULTS = 3;

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // A node's own text as the index holds it: label, text, and the row's "#" link.
  function nodeText(anchor) {
    return (anchor.text || "").replace(/\s*#\s*$/, "").trim();
  }

  function shortened(text) {
    var plain = text.replace(/^\S+\.\s+/, "");  // the label ("1.", "a.") says nothing out of place
    return plain.length <= PIECE_CHARACTERS ? plain : plain.slice(0, PIECE_CHARACTERS - 1) + "…";
  }

  // Post › ancestors › node, the ancestors dropped from the middle until it fits two lines.
  function breadcrumb(title, trail) {
    var pieces = trail.map(shortened);
    var join = function (list) { return [title].concat(list).join(" › "); };
    if (join(pieces).length <= BREADCRUMB_CHARACTERS || pieces.length < 3) return join(pieces);
    var tail = pieces.slice(1);
    while (tail.length > 1 && join([pieces[0], "…"].concat(tail)).length > BREADCRUMB_CHARACTERS) tail.shift();
    return join([pieces[0], "…"].concat(tail));
  }

  var searched = query || "";  // the latest query, for a result whose URL lacks the terms

  function termsOf(url) {
    try {
      var terms = new URL(url, location.href).searchParams.getAll("highlight");
      return (terms.length ? terms : searched.split(/\s+/))
        .map(bare)
        .filter(function (term) { return term.length > 0; });
    } catch (error) { return []; }
  }

  // Letters and digits alone: Pagefind's terms drop punctuation ("Reed-Solomon" is reedsolomon).
  function bare(text) {
    return text.toLocaleLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }

  function holds(text, terms) {
    var plain = bare(text);
    return terms.filter(function (term) { return plain.indexOf(term) >= 0; }).length;
  }

  // A node's excerpt is its own text, the words that hold a term marked.
  function excerptOf(text, terms) {
    return text.split(/(\s+)/).map(function (word) {
      var escaped = escapeHtml(word);
      return /\S/.test(word) && holds(word, terms) ? "<mark>" + escaped + "</mark>" : escaped;
    }).join("");
  }

  // A hit with another hit below it gives way to it: the deepest node holding the words wins.
  function deepest(hits, depths) {
    return hits.filter(function (hit, position) {
      var next = hits[position + 1];
      if (!next) return true;
      var depth = parseInt(depths.charAt(hit.index), 36);
      for (var index = hit.index + 1; index <= next.index; index++) {
        if (parseInt(depths.charAt(index), 36) <= depth) return true;
      }
      return false;
    });
  }

  function processResult(result) {
    var terms = termsOf(result.url);
    var page = result.url.split("#")[0];
    if (page.indexOf("highlight=") < 0 && terms.length) {  // for search-landing.js, as Pagefind does
      page += (page.indexOf("?") < 0 ? "?" : "&") + terms.map(function (term) {
        return "highlight=" + encodeURIComponent(term);
      }).join("&");
    }
    var title = (result.meta && result.meta.title) || "";
    var anchors = (result.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
    var nodes = anchors.filter(function (anchor) { return /^ol-/.test(anchor.id); });
    var depths = (result.meta && result.meta.outline_depths) || "";
    if (result.meta) delete result.meta.outline_depths;  // for the breadcrumb, not a tag to show
    var shaped = depths.length === nodes.length;
    var best = 0;
    var scored = nodes.map(function (anchor, index) {
      var score = holds(nodeText(anchor), terms);
      if (score > best) best = score;
      return { anchor: anchor, index: index, score: score };
    });
    var hits = best > 0 ? scored.filter(function (node) { return node.score === best; }) : [];
    if (shaped) hits = deepest(hits, depths);
    var titled = terms.length > 0 && holds(title, terms) === terms.length;
    if (!titled && hits.length && best < terms.length && holds(title, terms) > best) titled = true;
    var subs = hits.slice(0, SUB_RESULTS).map(function (node) {
      var trail = [nodeText(node.anchor)];
      if (shaped) {
        var depth = parseInt(depths.charAt(node.index), 36);
        for (var up = node.index - 1; up >= 0 && depth > 0; up--) {
          var above = parseInt(depths.charAt(up), 36);
          if (above < depth) { trail.unshift(nodeText(nodes[up])); depth = above; }
        }
      }
      return {
        title: breadcrumb(title, trail),
        url: page + "#" + node.anchor.id,
        excerpt: excerptOf(nodeText(node.anchor), terms),
        locations: [node.anchor.location],
        anchor: node.anchor
      };
    });
    if (!result.excerpt) result.excerpt = subs.length ? subs[0].excerpt : escapeHtml((result.content || "").slice(0, 200));
    if (titled || !subs.length) {
      // The post itself is what was looked for: its link opens the post, the nodes follow it.
      result.url = page;
      result.sub_results = [{ title: title, url: page, excerpt: result.excerpt, locations: [] }].concat(subs);
    } else {
      result.url = subs[0].url;
      result.meta.title = subs[0].title;
      result.excerpt = subs[0].excerpt;
      result.sub_results = subs;
    }
    result.paperfoldTitled = titled;
    return result;
  }

  function start(parts) {
    var ui = new PagefindUI({
      element: "#search",
      bundlePath: bundle,
      baseUrl: element.dataset.base,
      // Each merged bundle takes the options of its own: without highlightParam its links lack the terms.
      mergeIndex: parts.map(function (part) { return { bundlePath: bundle + part, highlightParam: "highlight" }; }),
      showSubResults: true,
      // search-landing.js marks these terms on the post, and outline.js opens the node
      highlightParam: "highlight",
      processResult: processResult,
      processTerm: function (term) { searched = term; return term; },
      showImages: false,
      resetStyles: false
    });
    if (query) ui.triggerSearch(query);
  }

  fetch(bundle + "parts.json").then(function (response) {
    return response.ok ? response.json() : { parts: [] };
  }).then(function (data) { start(Array.isArray(data.parts) ? data.parts : []); },
          function () { start([]); });
})();
