/* paperfold serve's page client: speaks LiveReload's protocol over serve's /livereload socket, and
   the state message serve adds to it, so a failed rebuild's errors reach the open page at once,
   without a reload, and go (with a reload to the new build) when a rebuild succeeds.

   serve's own: never part of a built site. The page's <script> tag carries the number of the build
   it was served from; a state that names another build means the page is out of date. */
(function () {
  "use strict";
  var LIVERELOAD = "http://livereload.com/protocols/official-7";
  var STATE = "paperfold-state";
  var OVERLAY = "paperfold-errors";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : null;
  var delay = 1000;

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/livereload");
    socket.onopen = function () {
      delay = 1000;
      socket.send(JSON.stringify({command: "hello", protocols: [LIVERELOAD, STATE]}));
    };
    socket.onmessage = function (event) {
      var message;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (message.command === "hello") {
        socket.send(JSON.stringify({command: "info", url: location.href, plugins: {}}));
      } else if (message.command === "reload") {
        reload();
      } else if (message.command === STATE) {
        // A page served before the last good build reloads; one of that build shows its errors.
        if (String(message.build) !== build) {
          reload();
        } else {
          show(message.errors || [], message.summary || "");
        }
      }
    };
    // serve restarted or stopped: try again, less and less often, as livereload.js does.
    socket.onclose = function () {
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    };
  }

  function reload() {
    show([], "");
    location.reload();
  }

  function show(errors, summary) {
    var old = document.getElementById(OVERLAY);
    if (old) {
      old.parentNode.removeChild(old);
    }
    if (!errors.length) {
      return;
    }
    addStyle();
    var box = document.createElement("section");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", OVERLAY + "-summary");
    var close = document.createElement("button");
    close.type = "button";
    close.setAttribute("aria-label", "Dismiss the build errors");
    close.textContent = "\u00d7";
    close.addEventListener("click", dismiss);
    var heading = document.createElement("p");
    heading.id = OVERLAY + "-summary";
    heading.textContent = summary;
    var list = document.createElement("ul");
    errors.forEach(function (error) {
      var item = document.createElement("li");
      item.textContent = error;  // the errors quote the author's files: text, never markup
      list.appendChild(item);
    });
    box.appendChild(close);
    box.appendChild(heading);
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function dismiss() {
    show([], "");
  }

  function addStyle() {
    if (document.getElementById(OVERLAY + "-style")) {
      return;
    }
    var style = document.createElement("style");
    style.id = OVERLAY + "-style";
    // The site's theme follows data-theme when its toggle set one, the system's scheme otherwise.
    style.textContent = [
      "#" + OVERLAY + "{position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:2147483647;max-height:50vh;",
      "overflow:auto;box-sizing:border-box;margin:0;padding:.9rem 1.2rem;background:#fff4f4;color:#5c0000;",
      "border:2px solid #c00;border-radius:6px;box-shadow:0 6px 24px rgba(0,0,0,.35);text-align:left;",
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}",
      "#" + OVERLAY + " p{margin:0;font-weight:bold}",
      "#" + OVERLAY + " ul{margin:.5rem 0 0;padding-left:1.2rem;white-space:pre-wrap;overflow-wrap:anywhere}",
      "#" + OVERLAY + " li{margin:.15rem 0}",
      "#" + OVERLAY + " button{float:right;min-width:24px;min-height:24px;margin:-.4rem -.6rem 0 .5rem;",
      "border:0;background:none;font-size:20px;line-height:1;cursor:pointer;color:inherit}",
      ":root[data-theme=dark] #" + OVERLAY + "{background:#2b1215;color:#ffd9d9;border-color:#ff7b7b}",
      "@media (prefers-color-scheme: dark){:root:not([data-theme=light]) #" + OVERLAY,
      "{background:#2b1215;color:#ffd9d9;border-color:#ff7b7b}}"
    ].join("");
    document.head.appendChild(style);
  }

  connect();
})();
