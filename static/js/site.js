// The theme's own behaviour: the light/dark toggle and keyboard access to blocks that scroll sideways.
// (Folding, deep links, the outline toolbar and unfolding for print are outline.js's.)
(function () {
  "use strict";
  var key = "paperfold-theme";
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try { return localStorage.getItem(key); } catch (e) { return null; }  // storage blocked: not remembered
  }
  function show(theme) {
    root.dataset.theme = theme;
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
    });
  }
  show(root.dataset.theme || (system && system.matches ? "dark" : "light"));
  document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      var next = root.dataset.theme === "dark" ? "light" : "dark";
      show(next);
      try { localStorage.setItem(key, next); } catch (e) { /* private mode: this page only */ }
    });
  });
  // Follow the system while the reader has not chosen; a choice made in another tab applies here too.
  if (system && system.addEventListener) {
    system.addEventListener("change", function (event) {
      var choice = stored();
      if (choice !== "dark" && choice !== "light") show(event.matches ? "dark" : "light");
    });
  }
  window.addEventListener("storage", function (event) {
    if (event.key === key && (event.newValue === "dark" || event.newValue === "light")) show(event.newValue);
  });

  // A code block or table that scrolls sideways must be reachable by keyboard to be scrolled.
  function focusableWhenScrolling() {
    document.querySelectorAll(".post-body pre, .post-body table, .post-body .math.display").forEach(function (block) {
      if (block.scrollWidth > block.clientWidth + 1) {
        if (!block.hasAttribute("tabindex")) {
          block.setAttribute("tabindex", "0");
          block.setAttribute("data-scroll-focus", "");
        }
      } else if (block.hasAttribute("data-scroll-focus")) {
        block.removeAttribute("tabindex");
        block.removeAttribute("data-scroll-focus");
      }
    });
  }
  focusableWhenScrolling();
  window.addEventListener("load", focusableWhenScrolling);
  var resizing = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(focusableWhenScrolling, 150);
  });
})();
