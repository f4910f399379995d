/* mkdocs-claims: hover, focus and tap previews of claims; sortable index tables.
 *
 * Hovering or focusing a link to another claim shows that claim (speaker,
 * stance, text, note, report) without leaving the page; a link to a quote
 * shows the quote (its words, speaker and report). On a touch screen
 * the first tap on such a link shows the preview and the second tap on the
 * same link follows it; a tap anywhere else closes it. Listeners are
 * delegated from the document, so they keep working after Material's
 * instant navigation swaps the page content. Content is inserted as text,
 * never as HTML. Escape closes the preview. Only links the plugin wrote (they
 * carry data-claim, or data-quote) to a page of this same site are previewed:
 * a writer's class on a plain link, or a link to another site, is never
 * fetched.
 * Another site's claims (federation, a.claim-external) are never previewed
 * either, whatever their attributes.
 */
(function () {
  "use strict";

  var SELECTOR =
    "a.claim-contradiction[data-claim]:not(.claim-external), " +
    "a.claim-dispute[data-claim]:not(.claim-external), " +
    "a.claim-ref[data-claim]:not(.claim-external), " +
    "a.timeline-mark[data-claim]:not(.claim-external), " +
    "a.claim-words-more[data-claim]:not(.claim-external), " +
    "a.quote-ref[data-quote]:not(.claim-external), " +
    "a.claim-words-more[data-quote]:not(.claim-external)";
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

  function shorten(value) {
    return value.length > 400 ? value.slice(0, 397) + "…" : value;
  }

  /* The lines of a claim's preview: [class, text] pairs. */
  function claimLines(claim, doc) {
    var who = text(claim, ".claim-speaker");
    var stance = text(claim, ".claim-stance");
    var proposition = text(claim, ".claim-proposition");
    var lines = [
      ["claims-preview-who", [who, stance, proposition].filter(Boolean).join(" ")],
      ["claims-preview-text", shorten(text(claim, ".claim-body"))]
    ];
    var note = text(claim, ".claim-note");
    if (note) {
      lines.push(["claims-preview-note", note]);
    }
    var title = text(doc, ".report-header h1");
    var date = text(claim, ".claim-date");
    lines.push(["claims-preview-report", [title, date].filter(Boolean).join(" · ")]);
    return lines;
  }

  /* The lines of a quote's preview: its speaker (from the caption of its
     figure), its words, and the report's title and date. */
  function quoteLines(quote, doc) {
    var figure = quote.closest(".speaker-quote-figure") || quote.parentNode;
    var words = quote.textContent.replace(/\s+/g, " ").trim();
    var title = text(doc, ".report-header h1");
    var date = text(doc, ".report-header .report-date");
    return [
      ["claims-preview-who", text(figure, ".speaker-quote-speaker")],
      ["claims-preview-text", shorten(words)],
      ["claims-preview-report", [title, date].filter(Boolean).join(" · ")]
    ];
  }

  function fill(link, doc, id) {
    var target = doc.getElementById(id);
    if (!target || current !== link) {
      return;
    }
    var quote = link.hasAttribute("data-quote");
    if (quote && !target.classList.contains("speaker-quote")) {
      return; /* a quote link that does not lead to a quote: nothing to show */
    }
    var box = tooltip();
    box.textContent = "";
    box.setAttribute("data-stance", quote ? "" : target.getAttribute("data-stance") || "");
    var lines = quote ? quoteLines(target, doc) : claimLines(target, doc);
    lines.forEach(function (pair) {
      box.appendChild(line(pair[0], pair[1]));
    });
    var rect = link.getBoundingClientRect();
    box.hidden = false;
    var left = Math.max(8, Math.min(rect.left, window.innerWidth - box.offsetWidth - 8));
    box.style.left = left + window.scrollX + "px";
    box.style.top = rect.bottom + window.scrollY + 6 + "px";
    link.setAttribute("aria-describedby", TIP_ID);
    if (pending === link) {
      box.appendChild(line("claims-preview-hint", tapHint()));
    }
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
  /* Touch: the first tap on a link shows the preview, a second tap on the
     same link (or a tap on the preview) follows it. A pointerdown tells a
     finger from a mouse before the click arrives. */
  var touched = null; /* the link under the finger, at pointerdown */
  var pending = null; /* the link whose first tap opened (or tried to open) the preview */

  function tapHint() {
    var meta = document.querySelector('meta[name="mkdocs-claims:tap-hint"]');
    return (meta && meta.getAttribute("content")) || "Tap the link again to open it";
  }

  document.addEventListener("pointerdown", function (event) {
    var link = linkOf(event);
    touched = event.pointerType === "touch" && link ? link : null;
  });

  /* In the capture phase, so that the first tap is kept from Material's
     instant navigation, which handles clicks on links further down. */
  document.addEventListener("click", function (event) {
    var link = linkOf(event);
    if (link && touched === link && pending !== link) {
      event.preventDefault();
      event.stopPropagation();
      pending = link;
      current = null;
      show(link);
      return;
    }
    if (tip && link === null && pending && tip.contains(event.target)) {
      var follow = pending;
      pending = null;
      hide();
      follow.click();
      return;
    }
    touched = null;
    pending = null;
    hide();
  }, true);

  /* Material's instant navigation sometimes restores the previous page's
     scroll position instead of going to the fragment (its debounced
     scroll-position save can land on the new history entry): bring the claim
     a reader followed into view, checking again once that save has run. */
  function reveal() {
    var id = decode(window.location.hash.slice(1));
    if (id.indexOf("claim-") !== 0 && id.indexOf("quote-") !== 0) {
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

/* mkdocs-claims: index tables a reader can sort.
 *
 * A table with data-sortable gets a button in each column header; pressing
 * it sorts the rows by that column (numbers as numbers, and a cell's
 * data-sort value before its text, so dates and names sort as the build
 * sorted them), again to reverse. aria-sort says the current order. Without
 * JavaScript the table keeps the order it was built in.
 */
(function () {
  "use strict";

  function value(row, column) {
    var cell = row.cells[column];
    if (!cell) {
      return "";
    }
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    raw = raw.trim();
    var number = Number(raw);
    return raw !== "" && !isNaN(number) ? number : raw.toLowerCase();
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") {
      return a - b;
    }
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }

  function sort(table, header) {
    var column = header.cellIndex;
    var descending = header.getAttribute("aria-sort") === "ascending";
    var numeric = header.classList.contains("col-count") || header.classList.contains("col-date");
    if (!header.hasAttribute("aria-sort") && numeric) {
      descending = true; /* counts and dates: the most, or the newest, first */
    }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = compare(value(a, column), value(b, column));
      return descending ? -order : order;
    });
    rows.forEach(function (row) {
      body.appendChild(row);
    });
    var headers = table.tHead.rows[0].cells;
    for (var i = 0; i < headers.length; i++) {
      headers[i].removeAttribute("aria-sort");
    }
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function enhance() {
    var tables = document.querySelectorAll("table[data-sortable]");
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      if (table.getAttribute("data-sortable") === "ready" || !table.tHead || !table.tBodies[0]) {
        continue;
      }
      table.setAttribute("data-sortable", "ready");
      var headers = table.tHead.rows[0].cells;
      for (var i = 0; i < headers.length; i++) {
        var header = headers[i];
        var button = document.createElement("button");
        button.type = "button";
        button.className = "claims-sort";
        while (header.firstChild) {
          button.appendChild(header.firstChild);
        }
        header.appendChild(button);
        button.addEventListener(
          "click",
          (function (table, header) {
            return function () {
              sort(table, header);
            };
          })(table, header)
        );
      }
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance); /* Material: after every page swap */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
