/* mkdocs-claims: hover and focus previews of contradicting and disputing claims.
 *
 * Hovering or focusing a link to another claim shows that claim (speaker,
 * stance, text, report) without leaving the page. Listeners are delegated
 * from the document, so they keep working after Material's instant
 * navigation swaps the page content. Content is inserted as text, never as
 * HTML. Escape closes the preview. Only links the plugin wrote (they carry
 * data-claim) to a page of this same site are previewed: a writer's class on
 * a plain link, or a link to another site, is never fetched.
 */
(function () {
  "use strict";

  var SELECTOR =
    "a.claim-contradiction[data-claim], a.claim-dispute[data-claim], a.claim-ref[data-claim]";
  var TIP_ID = "claims-preview";
  var pages = {};
  var current = null;
  var tip = null;

  function tooltip() {
    if (!tip || !document.body.contains(tip)) {
      tip = document.createElement("div");
      tip.id = TIP_ID;
      tip.className = "claims-preview";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function load(url) {
    var page = url.split("#")[0];
    if (!pages[page]) {
      pages[page] = fetch(page, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          return new DOMParser().parseFromString(html, "text/html");
        });
      pages[page].catch(function () {
        delete pages[page];
      });
    }
    return pages[page];
  }

  function decode(fragment) {
    try {
      return decodeURIComponent(fragment);
    } catch (error) {
      return "";
    }
  }

  function text(root, selector) {
    var element = root && root.querySelector(selector);
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function line(className, value) {
    var element = document.createElement("p");
    element.className = className;
    element.textContent = value;
    return element;
  }

  function fill(link, doc, id) {
    var claim = doc.getElementById(id);
    if (!claim || current !== link) {
      return;
    }
    var box = tooltip();
    box.textContent = "";
    var who = text(claim, ".claim-speaker");
    var stance = text(claim, ".claim-stance");
    var proposition = text(claim, ".claim-proposition");
    box.appendChild(
      line("claims-preview-who", [who, stance, proposition].filter(Boolean).join(" "))
    );
    var body = text(claim, ".claim-body");
    if (body.length > 400) {
      body = body.slice(0, 397) + "…";
    }
    box.appendChild(line("claims-preview-text", body));
    var title = text(doc, ".report-header h1");
    var date = text(claim, ".claim-date");
    box.appendChild(line("claims-preview-report", [title, date].filter(Boolean).join(" · ")));
    var rect = link.getBoundingClientRect();
    box.hidden = false;
    var left = Math.max(8, Math.min(rect.left, window.innerWidth - box.offsetWidth - 8));
    box.style.left = left + window.scrollX + "px";
    box.style.top = rect.bottom + window.scrollY + 6 + "px";
    link.setAttribute("aria-describedby", TIP_ID);
  }

  function show(link) {
    if (current === link) {
      return;
    }
    current = link;
    var url;
    try {
      url = new URL(link.getAttribute("href"), window.location.href);
    } catch (error) {
      return;
    }
    if (url.origin !== window.location.origin) {
      return;
    }
    var id = decode(url.hash.slice(1));
    if (!id) {
      return;
    }
    var here = url.pathname === window.location.pathname;
    var source = here ? Promise.resolve(document) : load(url.href);
    source.then(function (doc) {
      fill(link, doc, id);
    }).catch(function () {});
  }

  function hide() {
    if (current) {
      current.removeAttribute("aria-describedby");
    }
    current = null;
    if (tip) {
      tip.hidden = true;
    }
  }

  function linkOf(event) {
    var target = event.target;
    return target && target.closest ? target.closest(SELECTOR) : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = linkOf(event);
    if (link) {
      show(link);
    }
  });
  document.addEventListener("mouseout", function (event) {
    var link = linkOf(event);
    if (link && !link.contains(event.relatedTarget)) {
      hide();
    }
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event);
    if (link) {
      show(link);
    } else {
      hide();
    }
  });
  document.addEventListener("focusout", function (event) {
    if (linkOf(event)) {
      hide();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      hide();
    }
  });
  document.addEventListener("click", hide);

  /* Material's instant navigation sometimes restores the previous page's
     scroll position instead of going to the fragment (its debounced
     scroll-position save can land on the new history entry): bring the claim
     a reader followed into view, checking again once that save has run. */
  function reveal() {
    var id = decode(window.location.hash.slice(1));
    if (id.indexOf("claim-") !== 0) {
      return;
    }
    var claim = document.getElementById(id);
    if (!claim) {
      return;
    }
    /* :target does not follow history.pushState, so mark the claim ourselves. */
    var marked = document.querySelectorAll(".claim-targeted");
    for (var i = 0; i < marked.length; i++) {
      marked[i].classList.remove("claim-targeted");
    }
    claim.classList.add("claim-targeted");
    var rect = claim.getBoundingClientRect();
    if (rect.top < 0 || rect.top > window.innerHeight) {
      var header = document.querySelector(".md-header");
      var offset = (header ? header.offsetHeight : 0) + 24;
      window.scrollTo(0, window.scrollY + rect.top - offset);
    }
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      [0, 150, 500].forEach(function (delay) {
        window.setTimeout(reveal, delay);
      });
    });
  }
})();
