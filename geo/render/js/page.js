/* frontline page behaviour: theme, layout on every screen, labels kept inside the view,
 * embeds (height messages, cooperative wheel and touch), the tile fallback, print and
 * keyboard/screen-reader access. Loaded after frontline.js; frontline.furniture() calls
 * frontline.page() once the furniture is on the map. Text is set with textContent only. */
(function () {
  "use strict";
  var root = document.documentElement;
  // Narrow: the title card leaves the map for a header above it (and folds).
  var NARROW = "(max-width: 600px), (max-height: 500px)";
  var EMBED_RATIO = 0.625; // map height per width in an auto-sized embed (16:10)
  var EMBED_MIN = 320; // px
  var EMBED_MAX = 760; // px
  var HEADER_SHARE = 0.25; // the header takes at most this share of the viewport height

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function media(query) {
    return window.matchMedia ? window.matchMedia(query) : { matches: false };
  }

  function onMedia(mq, fn) {
    if (mq.addEventListener) mq.addEventListener("change", fn);
    else if (mq.addListener) mq.addListener(fn);
  }

  function embedded() {
    try {
      return window.self !== window.top;
    } catch (e) {
      return true; // a cross-origin parent
    }
  }

  /* Light or dark: the recipe's choice, or the reader's prefers-color-scheme. */
  function theme(choice) {
    var mq = media("(prefers-color-scheme: dark)");
    function apply() {
      var dark = choice === "dark" || (choice !== "light" && mq.matches);
      root.classList.toggle("fl-dark", dark);
      root.classList.toggle("fl-light", !dark);
    }
    apply();
    if (choice !== "light" && choice !== "dark") onMedia(mq, apply);
  }

  /* A short message over the map (wheel and touch hints); hidden again after a moment. */
  function hinter(container) {
    var box = el("div", "fl-hint");
    box.setAttribute("aria-hidden", "true");
    container.appendChild(box);
    var timer = null;
    return function (text) {
      box.textContent = text;
      box.classList.add("fl-hint-on");
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () {
        box.classList.remove("fl-hint-on");
      }, 1500);
    };
  }

  /* In a frame, the scroll wheel scrolls the article until the reader clicks or focuses the
   * map, or holds Ctrl/Cmd; on touch screens one finger scrolls and two move the map. */
  function cooperative(map, container) {
    var hint = hinter(container);
    var mac = /Mac|iPhone|iPad/.test(navigator.platform || "");
    var active = false;
    map.scrollWheelZoom.disable();
    function activate() {
      if (active) return;
      active = true;
      map.scrollWheelZoom.enable();
    }
    function deactivate() {
      active = false;
      map.scrollWheelZoom.disable();
    }
    container.addEventListener("click", activate);
    container.addEventListener("focusin", activate);
    container.addEventListener("mouseleave", function () {
      if (!container.contains(document.activeElement)) deactivate();
    });
    container.addEventListener("focusout", function (e) {
      if (!container.contains(e.relatedTarget)) deactivate();
    });
    container.addEventListener(
      "wheel",
      function (e) {
        if (active) return;
        if (e.ctrlKey || e.metaKey) {
          e.preventDefault();
          var at = map.mouseEventToContainerPoint(e);
          map.setZoomAround(at, map.getZoom() + (e.deltaY < 0 ? 0.5 : -0.5));
          return;
        }
        hint((mac ? "\u2318" : "Ctrl") + " + scroll, or click the map, to zoom");
      },
      { passive: false }
    );
    if (media("(pointer: coarse)").matches && map.dragging) {
      map.dragging.disable();
      container.addEventListener(
        "touchmove",
        function (e) {
          if (e.touches.length === 1) hint("Use two fingers to move the map");
        },
        { passive: true }
      );
    }
  }

  /* The embed protocol: the snippet's script sends {frontline: "embed"}; from then on the
   * map's height follows its width and the page reports its height to the parent. */
  function embedProtocol(map, container, layout) {
    var auto = false,
      last = -1;
    function report() {
      var h = Math.ceil(document.body.getBoundingClientRect().height);
      if (h === last) return;
      last = h;
      window.parent.postMessage({ frontline: "height", height: h }, "*");
    }
    window.addEventListener("message", function (e) {
      if (e.source !== window.parent || !e.data || e.data.frontline !== "embed" || auto) return;
      auto = true;
      root.classList.add("fl-embed");
      layout();
      report();
      if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
      else window.addEventListener("resize", report);
    });
    return {
      auto: function () {
        return auto;
      },
      report: report,
    };
  }

  /* Labels and callouts are never cut by the edge of the view (nor hidden under the title
   * card, the credits, the inset or each other): a label tries the other side of its
   * point, a callout slides inside and then clear of the boxes over the map (its leader
   * line follows); what still does not fit is hidden, with its dot (and the layer marker
   * at its point). A callout whose point is out of view is hidden: it would point at
   * nothing. Places revealed by zoom show from their least zoom, and get their element
   * only then. Runs after each move, zoom and resize.
   *
   * The page is laid out once per fit, never once per label: the candidates are shown
   * first (writes only), then everything is measured in one go (the view, the boxes over
   * the map, every box where it is: one layout), and the choice is made on those
   * rectangles alone: a box's rectangle at its own side and at the other side of its
   * point is computed from the one measured (flipRect), never laid out and measured again.
   * The classes, margins and hidden states are written last, and only where they change,
   * so the frame after lays out only what moved. */
  function fitLabels(map, layer) {
    // Not made yet (the page lays out before the labels exist), or the reader turned the
    // labels off in the layer switcher.
    if (!layer || !layer._map) return;
    var todo = showCandidates(map, layer);
    var boxes = measure(map, todo);
    chooseSides(map, todo, boxes);
  }

  var FLIP = {
    right: "left",
    left: "right",
    top: "bottom",
    bottom: "top",
    center: "center",
    along: "along-below",
    "along-below": "along",
  };
  var PAD = 2; // px a label keeps from the edge of the view
  var GAP = 10; // px from a point to its label's box (.fl-at-* in frontline.css)
  var ALONG = 0.85; // em from a river to its name (.fl-at-along* in frontline.css)

  /* Where a label's box would be on the other side of its point, from its rectangle ``r``
   * (px, as getBoundingClientRect gives it) at side ``where``: the fl-at-* classes only
   * move the box by a transform, so the other side is ``r`` moved by the box's width (or
   * height) and the gap on both sides, or, along a river, by twice ALONG across the turned
   * text (``em``: the box's font size, px; ``angle``: its turn, degrees clockwise, as
   * CSS turns). */
  function flipRect(r, where, em, angle) {
    var dx = 0,
      dy = 0;
    if (where === "right") dx = -(r.width + 2 * GAP);
    else if (where === "left") dx = r.width + 2 * GAP;
    else if (where === "top") dy = r.height + 2 * GAP;
    else if (where === "bottom") dy = -(r.height + 2 * GAP);
    else if (where === "along" || where === "along-below") {
      var d = (where === "along" ? 2 : -2) * ALONG * em,
        a = (angle * Math.PI) / 180;
      // translateY(d) after rotate(a) moves the box by (-d sin a, d cos a) on the screen.
      dx = -d * Math.sin(a);
      dy = d * Math.cos(a);
    }
    return moved(r, dx, dy);
  }

  function moved(r, dx, dy) {
    return {
      left: r.left + dx,
      right: r.right + dx,
      top: r.top + dy,
      bottom: r.bottom + dy,
      width: r.width,
      height: r.height,
    };
  }

  function setClass(node, name) {
    if (node.className !== name) node.className = name;
  }

  function setStyle(node, prop, value) {
    if (node.style[prop] !== value) node.style[prop] = value;
  }

  function setOff(node, off) {
    if (node.classList.contains("fl-off") !== off) node.classList.toggle("fl-off", off);
  }

  function hide(item) {
    if (item._flNode) setOff(item._flNode, true);
    showMarkers(item, false);
  }

  /* Step 1 of fitLabels, writes only: which labels are candidates (callouts first: they
   * are the story; then labels in the recipe's order), each shown where its box was left
   * (its town's marker waits for the choice). A place revealed by zoom waits for its
   * zoom; one far outside the view is not measured at all (there may be thousands). Two
   * passes, not a sort with a comparator: this runs before the first frame, in code not
   * yet compiled. */
  function showCandidates(map, layer) {
    var all = layer._items || [],
      items = [];
    for (var c = 0; c < all.length; c++) if (all[c].leader) items.push(all[c]);
    for (c = 0; c < all.length; c++) if (!all[c].leader) items.push(all[c]);
    var zoom = map.getZoom(),
      seen = map.getBounds().pad(0.1),
      todo = [];
    items.forEach(function (item) {
      if (
        !item.leader &&
        ((item.minZoom !== undefined && zoom < item.minZoom) ||
          !seen.contains([item.lat, item.lon]))
      ) {
        hide(item);
        return;
      }
      var anchor = layer.node(item),
        box = anchor._flBox;
      if (item.minZoom !== undefined && anchor.classList.contains("fl-off")) {
        L.DomUtil.setPosition(anchor, map.latLngToLayerPoint([item.lat, item.lon]).round());
      }
      setOff(anchor, false);
      todo.push({ item: item, anchor: anchor, box: box });
    });
    return todo;
  }

  /* Step 2, reads only (one layout): the view, the boxes over the map (the title card
   * and the controls hide what is under them), every candidate's box and a town's dot
   * (at its anchor). Each box is measured where it is (anchor._flSide: the side it was
   * left at; box._flShift: a callout's slide, px) and both rectangles a label can take
   * are worked out from that one: r at its own side, flipped at the other. Returns the
   * view and the boxes over the map. */
  function measure(map, todo) {
    var container = map.getContainer();
    var view = container.getBoundingClientRect();
    var over = Array.prototype.map.call(
      container.querySelectorAll(".leaflet-control"),
      function (c) {
        return c.getBoundingClientRect();
      }
    );
    todo.forEach(function (t) {
      var m = t.box.getBoundingClientRect();
      if (t.item.leader) {
        var shift = t.box._flShift || [0, 0];
        t.r = moved(m, -shift[0], -shift[1]);
        return;
      }
      if (t.item.dot) {
        var a = t.anchor.getBoundingClientRect();
        t.dot = { left: a.left - 4, right: a.left + 4, top: a.top - 4, bottom: a.top + 4 };
      }
      var own = t.anchor._flWhere,
        side = t.anchor._flSide || own,
        em = own === "along" ? parseFloat(getComputedStyle(t.box).fontSize) : 0,
        other = flipRect(m, side, em, +t.item.angle || 0);
      t.r = side === own ? m : other;
      t.flipped = side === own ? other : m;
    });
    return { view: view, over: over };
  }

  /* Step 3: the choice, on the rectangles measured, then the writes (nothing is read any
   * more). A label that would cover one already placed tries the other side of its
   * point, then is dropped. A callout's leader line is drawn once, from where its box
   * ends up (it is never read). */
  function chooseSides(map, todo, boxes) {
    var view = boxes.view,
      over = boxes.over,
      shown = map.getBounds(),
      kept = [];
    function under(r) {
      for (var i = 0; i < over.length; i++) {
        var o = over[i];
        if (r.right > o.left && r.left < o.right && r.bottom > o.top && r.top < o.bottom) {
          return o;
        }
      }
      return null;
    }
    function clearOf(r) {
      return under(r) === null;
    }
    function inside(r) {
      return (
        r.left >= view.left + PAD &&
        r.right <= view.right - PAD &&
        r.top >= view.top + PAD &&
        r.bottom <= view.bottom - PAD
      );
    }
    function free(r) {
      for (var i = 0; i < kept.length; i++) {
        var k = kept[i];
        if (r.left < k.right && r.right > k.left && r.top < k.bottom && r.bottom > k.top) {
          return false;
        }
      }
      return true;
    }
    function fits(r) {
      return inside(r) && free(r) && clearOf(r);
    }
    todo.forEach(function (t) {
      var item = t.item,
        r = t.r;
      if (item.leader) {
        var dx = Math.max(view.left + PAD - r.left, Math.min(0, view.right - PAD - r.right));
        var dy = Math.max(view.top + PAD - r.top, Math.min(0, view.bottom - PAD - r.bottom));
        var fitsView = r.width <= view.width - 2 * PAD && r.height <= view.height - 2 * PAD;
        var slid =
          fitsView && shown.contains(item.at) && slideCallout(r, [dx, dy], inside, under, free);
        if (slid) {
          setStyle(t.box, "marginLeft", slid[0] ? slid[0] + "px" : "");
          setStyle(t.box, "marginTop", slid[1] ? slid[1] + "px" : "");
          t.box._flShift = slid;
          var p = map.latLngToContainerPoint([item.lat, item.lon]).add(slid);
          item.leader.setLatLngs([map.containerPointToLatLng(p), item.at]);
          kept.push(moved(r, slid[0], slid[1]));
          showMark(item, true);
          return;
        }
        showMark(item, false);
        hide(item);
        item.leader.setLatLngs([]);
        return;
      }
      // A town's dot is kept clear too: no name runs under another town's dot, and no
      // dot peeps out from under the title card or a control.
      if (t.dot && (!free(t.dot) || !clearOf(t.dot))) {
        hide(item);
        return;
      }
      var side = fits(r) ? t.anchor._flWhere : fits(t.flipped) ? FLIP[t.anchor._flWhere] : null;
      if (side === null) {
        hide(item);
        return;
      }
      setClass(t.box, item.cls + " fl-at-" + side);
      t.anchor._flSide = side;
      showMarkers(item, true); // the town's dot is not measured: shown only when kept
      kept.push(side === t.anchor._flWhere ? r : t.flipped);
      if (t.dot) kept.push(t.dot);
    });
  }

  /* Where a callout's box ``r`` goes: [dx, dy] (px) inside the view (``inside``), clear
   * of the boxes over the map (``under`` names the one it covers) and of the labels
   * already placed (``free``), moved as little as it can; null when it cannot. It first
   * slides inside the view (by ``start``), then past each box it covers (above, below, left or right
   * of it), up to three boxes in turn (the credits above the scale bar, say). */
  function slideCallout(r, start, inside, under, free) {
    function at(d) {
      return {
        left: r.left + d[0],
        right: r.right + d[0],
        top: r.top + d[1],
        bottom: r.bottom + d[1],
      };
    }
    function ok(d) {
      var q = at(d);
      return inside(q) && !under(q) && free(q);
    }
    var tries = [start];
    for (var round = 0; round < 3 && tries.length; round++) {
      var next = [];
      for (var i = 0; i < tries.length; i++) {
        var d = tries[i];
        if (ok(d)) return d;
        var q = at(d),
          o = under(q);
        if (!o) continue; // over another callout: no box to go round
        next.push(
          [d[0], d[1] + (o.top - 2 - q.bottom)],
          [d[0], d[1] + (o.bottom + 2 - q.top)],
          [d[0] + (o.left - 2 - q.right), d[1]],
          [d[0] + (o.right + 2 - q.left), d[1]]
        );
      }
      tries = next
        .filter(function (d) {
          return inside(at(d));
        })
        .sort(function (a, b) {
          return Math.hypot(a[0], a[1]) - Math.hypot(b[0], b[1]);
        });
    }
    return null;
  }

  /* A callout's own dot (at its point) shows only with its box. */
  function showMark(item, on) {
    var node = item.mark && item.mark.getElement && item.mark.getElement();
    if (node) setStyle(node, "display", on ? "" : "none");
  }

  /* A town's dot goes with its name: the data layers' markers paired with a label item
   * (frontline.js pairMarkers) are hidden, and out of the tab order, with it. */
  function showMarkers(item, on) {
    if (!item.markers) return;
    item.markers.forEach(function (m) {
      var node = m.getElement && m.getElement();
      if (node) setStyle(node, "display", on ? "" : "none");
    });
  }

  /* Never show the world beyond the basemap: the pan limits cover the view at every zoom
   * (the least zoom grows on screens wider or taller than the limits). */
  function keepCovered(map, minZoom) {
    if (!map._flLimits) {
      if (!map.options.maxBounds) return;
      // A hair inside the basemap's frame, so rounding never shows a pixel beyond it.
      map._flLimits = L.latLngBounds(map.options.maxBounds).pad(-0.002);
      // setMaxBounds pans inside the new limits at once, animated: that pan is made here
      // first, without animation (see calmPans).
      map.panInsideBounds(map._flLimits, { animate: false });
      map.setMaxBounds(map._flLimits);
    }
    var limits = map._flLimits;
    var z = map.getBoundsZoom(limits, true);
    map.setMinZoom(Math.min(map.getMaxZoom(), Math.max(minZoom, z)));
    map.panInsideBounds(limits, { animate: false });
  }

  /* Leaflet pans back inside its max bounds after every move, animated. While the page
   * sets the view (``fn``: the new size, the fit, the limits), that pan is made without
   * animation: an animated pan would race the steps after it, and where the view ended
   * would depend on when the frames came. Leaflet's own listener is back afterwards. */
  function stillPan() {
    if (!this._enforcingBounds && this.options.maxBounds) {
      this.panInsideBounds(this.options.maxBounds, { animate: false });
    }
  }
  function calmPans(map, fn) {
    var leafletPan = map._panInsideMaxBounds;
    map.off("moveend", leafletPan);
    map.on("moveend", stillPan); // first: setMaxBounds adds Leaflet's after it
    fn();
    map.off("moveend", stillPan);
    if (map.options.maxBounds) map.on("moveend", leafletPan);
  }

  /* Tiles are an opt-in; when they fail to load, our vector basemap shows instead. */
  function tileFallback(map, container) {
    container.classList.add("fl-has-tiles");
    map.eachLayer(function (lyr) {
      if (lyr instanceof L.TileLayer) {
        lyr.on("tileerror", function () {
          container.classList.add("fl-tiles-failed");
        });
      }
    });
  }

  /* Screen readers (and print) get the figures, the legend, the notes and the sources as
   * text after the map; the skip link jumps there. */
  function about(d, container) {
    var box = el("section", "fl-about");
    box.id = "fl-about";
    box.setAttribute("tabindex", "-1");
    box.setAttribute("aria-label", "About this map");
    box.appendChild(el("h2", "fl-about-title", d.text.title));
    if (d.figures.length) {
      var figs = el("ul", "fl-about-figures");
      figs.setAttribute("aria-label", "Figures");
      d.figures.forEach(function (f) {
        figs.appendChild(el("li", null, f.text));
      });
      box.appendChild(figs);
    }
    var keyItems = d.legend.filter(function (item) {
      return item.kind !== "heading";
    });
    if (keyItems.length) {
      var key = el("ul", "fl-about-legend");
      key.setAttribute("aria-label", "Legend");
      d.legend.forEach(function (item) {
        var kind = { line: "line", point: "dot", fill: "area" }[item.kind];
        key.appendChild(el("li", null, kind ? item.label + " (" + kind + ")" : item.label));
      });
      box.appendChild(key);
    }
    var notes = el("div", "fl-about-notes");
    d.text.notes.forEach(function (n) {
      notes.appendChild(el("p", "fl-note", n));
    });
    if (d.credit) notes.appendChild(el("p", "fl-credit-short", "Data: " + d.credit));
    var p = el("p", "fl-credit-line");
    p.appendChild(el("strong", null, "Sources: "));
    p.appendChild(document.createTextNode(d.credits.join(" · ")));
    notes.appendChild(p);
    box.appendChild(notes);
    container.parentNode.insertBefore(box, container.nextSibling);
    var skip = el("a", "fl-skip", "Skip the map");
    skip.href = "#fl-about";
    document.body.insertBefore(skip, document.body.firstChild);
  }

  /* A header that scrolls inside its cap says so: a fade over its last line and a "More"
   * button (it scrolls the header on; hidden, and out of the tab order, once the reader
   * is at the end or everything fits). Returns the function layout() calls before the
   * map measures itself. */
  function moreCue(card) {
    var cue = el("button", "fl-more", "More \u25be");
    cue.type = "button";
    cue.setAttribute("aria-label", "Show more of the title and key");
    cue.hidden = true;
    card.appendChild(cue);
    // At the end of the header the cue is invisible but keeps its room, so the header's
    // height (and the map's) never changes while the reader scrolls it.
    function atEnd() {
      var rest = card.scrollHeight - card.clientHeight - card.scrollTop;
      cue.classList.toggle("fl-more-done", rest <= 2);
    }
    cue.addEventListener("click", function () {
      card.scrollTop += Math.max(40, card.clientHeight - 40);
      atEnd();
    });
    card.addEventListener("scroll", atEnd, { passive: true });
    // The cue is shown before the header is measured (it takes room in it). A hidden cue
    // is not measured (on a wide screen nothing is read here): whether it is at the end is
    // worked out again whenever it shows.
    return function () {
      var on = root.classList.contains("fl-narrow") && !card.classList.contains("fl-folded");
      if (cue.hidden === on) cue.hidden = !on;
      if (on && card.scrollHeight - card.clientHeight <= 2) cue.hidden = true;
      if (!cue.hidden) atEnd();
    };
  }

  /* Print: controls hidden, notes and sources unfolded, the map fitted to the page. */
  function printing(map, bounds) {
    var opened = [];
    function before() {
      document.querySelectorAll("details:not([open])").forEach(function (x) {
        x.open = true;
        opened.push(x);
      });
      map.invalidateSize({ pan: false });
      if (bounds) map.fitBounds(bounds, { animate: false });
    }
    function after() {
      opened.forEach(function (x) {
        x.open = false;
      });
      opened = [];
      map.invalidateSize({ pan: false });
    }
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    var mq = media("print");
    onMedia(mq, function () {
      if (mq.matches) before();
      else after();
    });
  }

  function page(map, d, parts) {
    var p = d.page || {};
    var container = map.getContainer();
    var card = parts.card;
    var body = card.querySelector(".fl-card-body");
    var toggle = card.querySelector(".fl-card-toggle");
    var corner = card.parentNode;
    var header = el("header", "fl-header");
    var narrow = media(NARROW);
    var min0 = map.getMinZoom();
    var userFolded = null; // the reader's own choice wins once made
    theme(p.theme);
    root.classList.add("fl-page");
    if (p.lang && !root.getAttribute("lang")) root.setAttribute("lang", p.lang);
    container.parentNode.insertBefore(header, container);
    // Tab order: the controls (and the title card) before the features.
    container.insertBefore(map._controlContainer, map._mapPane);
    map.options.maxBoundsViscosity = 1.0;
    about(d, container);
    if (p.tiles) tileFallback(map, container);

    // Only what changes is written: a layout that changes nothing leaves nothing to lay
    // out again.
    function fold(folded) {
      if (card.classList.contains("fl-folded") === folded) return;
      card.classList.toggle("fl-folded", folded);
      toggle.setAttribute("aria-expanded", folded ? "false" : "true");
      toggle.textContent = folded ? "Show key" : "Hide key";
    }
    toggle.addEventListener("click", function () {
      userFolded = !card.classList.contains("fl-folded");
      fold(userFolded);
      layout();
    });

    var embed = embedProtocol(map, container, function () {
      layout();
    });

    // After the frame: on a jump Leaflet places the labels on "viewreset", after "moveend".
    // Once more when the view has settled (zoom transitions end after their events); not
    // after the first layout, whose view is set without a transition (a second fit there
    // would only measure the same boxes again).
    var queued = false,
      settle = null,
      first = true;
    function refit() {
      if (settle) clearTimeout(settle);
      settle = first
        ? null
        : setTimeout(function () {
            settle = null;
            fitLabels(map, parts.labels);
          }, 300);
      if (queued) return;
      queued = true;
      window.requestAnimationFrame(function () {
        queued = false;
        fitLabels(map, parts.labels);
      });
    }

    function layout() {
      var auto = embed.auto();
      // Sized by its parent, the page's height follows its width: never lay out by height.
      var isNarrow = auto ? window.innerWidth <= 600 : narrow.matches;
      if (isNarrow && card.parentNode !== header) header.appendChild(card);
      if (!isNarrow && card.parentNode !== corner) corner.insertBefore(card, corner.firstChild);
      root.classList.toggle("fl-narrow", isNarrow);
      var viewH = window.innerHeight;
      if (auto) {
        var w = container.clientWidth || document.body.clientWidth;
        container.style.height =
          Math.round(Math.max(EMBED_MIN, Math.min(EMBED_MAX, w * EMBED_RATIO))) + "px";
        viewH = EMBED_MAX;
      } else {
        setStyle(container, "height", "");
      }
      if (isNarrow) {
        var limit = Math.floor(viewH * HEADER_SHARE);
        setStyle(card, "maxHeight", limit + "px");
        if (userFolded === null) {
          fold(false);
          if (card.scrollHeight > limit && viewH < 600) fold(true);
        } else {
          fold(userFolded);
        }
      } else {
        fold(false);
        setStyle(card, "maxHeight", Math.max(120, container.clientHeight - 110) + "px");
      }
      // The cue changes the header's height: settle it before the map measures itself.
      if (more) more();
      calmPans(map, function () {
        map.invalidateSize({ pan: false });
        if (p.fit && !touched) fitClear(isNarrow);
        keepCovered(map, min0);
      });
      refit();
    }

    /* The recipe's bounds fill the map box as it is now (the header above it on narrow
     * screens); on wide ones clear of the title card too, beside it or below it,
     * whichever gives the closer view. Only until the reader moves the map. */
    function fitClear(isNarrow) {
      var b = L.latLngBounds(p.bounds);
      var pad = [0, 0];
      if (!isNarrow) {
        var c = container.getBoundingClientRect(),
          r = card.getBoundingClientRect();
        var beside = [Math.max(0, r.right - c.left + 8), 0],
          below = [0, Math.max(0, r.bottom - c.top + 8)];
        var zb = map.getBoundsZoom(b, false, L.point(beside)),
          zu = map.getBoundsZoom(b, false, L.point(below));
        pad = zb >= zu ? beside : below;
      }
      map.fitBounds(b, { paddingTopLeft: pad, animate: false });
    }
    var touched = false;
    ["pointerdown", "wheel", "keydown", "touchstart"].forEach(function (type) {
      container.addEventListener(
        type,
        function () {
          touched = true;
        },
        { passive: true }
      );
    });

    // Scrollable boxes can be reached (and scrolled) with the keyboard.
    body.setAttribute("tabindex", "-1");
    var more = moreCue(card);
    layout();
    first = false;
    onMedia(narrow, layout);
    window.addEventListener("resize", layout);
    map.on("moveend zoomend viewreset", refit);
    if (embedded()) cooperative(map, container);
    printing(map, p.bounds);
    window.frontline.maps = (window.frontline.maps || []).concat([map]);
  }

  window.frontline.page = page;
  window.frontline.flipRect = flipRect; // for the browser tests
})();
