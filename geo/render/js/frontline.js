/* frontline map layers and furniture. Every string from a recipe or layer arrives as JSON inside a
 * script element of type application/json and is put on the page with textContent (or, for
 * Leaflet's layer switcher, which only takes HTML, escaped first). Nothing here builds HTML
 * from data. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";

  /* A data block's JSON. A packed block (a JSON string: geo/render/assets.py's data_json)
   * has been unpacked in place by boot.js before any map script runs; one still packed
   * means the page lost its boot script. */
  function readJSON(id) {
    var el = document.getElementById(id);
    var doc = JSON.parse(el.textContent);
    if (typeof doc === "string") throw new Error("frontline: data block " + id + " is packed");
    return doc;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svgEl(tag, cls) {
    var node = document.createElementNS(SVGNS, tag);
    if (cls) node.setAttribute("class", cls);
    return node;
  }

  /* Leaflet's layer switcher sets its labels with innerHTML: hand it escaped text. */
  function escapeText(text) {
    var d = document.createElement("div");
    d.textContent = String(text);
    return d.innerHTML;
  }

  function hatchDefs() {
    var svg = document.getElementById("fl-patterns");
    if (svg) return svg.firstChild;
    svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("id", "fl-patterns");
    svg.setAttribute("width", "0");
    svg.setAttribute("height", "0");
    svg.setAttribute("aria-hidden", "true");
    svg.style.position = "absolute";
    var defs = document.createElementNS(SVGNS, "defs");
    svg.appendChild(defs);
    document.body.appendChild(svg);
    return defs;
  }

  /* An SVG pattern fill for contested areas: thin lines of the fill colour over a tint,
   * 8 px apart (in pattern units; see overlay() for patterns inside a scaled overlay). */
  function buildPattern(id, kind, color, opacity) {
    var p = document.createElementNS(SVGNS, "pattern");
    p.setAttribute("id", id);
    p.setAttribute("patternUnits", "userSpaceOnUse");
    p.setAttribute("width", "8");
    p.setAttribute("height", "8");
    if (kind === "diagonal" || kind === "cross") p.setAttribute("patternTransform", "rotate(45)");
    var bg = document.createElementNS(SVGNS, "rect");
    bg.setAttribute("width", "8");
    bg.setAttribute("height", "8");
    bg.setAttribute("fill", color);
    bg.setAttribute("fill-opacity", String(Math.min(1, opacity * 0.45)));
    p.appendChild(bg);
    var lines = kind === "cross" ? ["v", "h"] : kind === "horizontal" ? ["h"] : ["v"];
    lines.forEach(function (dir) {
      var l = document.createElementNS(SVGNS, "line");
      l.setAttribute("x1", dir === "v" ? "2" : "0");
      l.setAttribute("y1", dir === "v" ? "0" : "2");
      l.setAttribute("x2", dir === "v" ? "2" : "8");
      l.setAttribute("y2", dir === "v" ? "8" : "2");
      l.setAttribute("stroke", color);
      l.setAttribute("stroke-width", "2.5");
      l.setAttribute("stroke-opacity", String(Math.min(1, opacity * 1.6)));
      p.appendChild(l);
    });
    return p;
  }

  function hatchPattern(id, kind, color, opacity) {
    var defs = hatchDefs();
    if (!document.getElementById(id)) defs.appendChild(buildPattern(id, kind, color, opacity));
    return "url(#" + id + ")";
  }

  function pathStyle(style, cls) {
    var s = {
      className: cls,
      color: style.stroke || "#333333",
      weight: style.weight === null || style.weight === undefined ? 1.5 : style.weight,
      opacity: style.opacity === null || style.opacity === undefined ? 1 : style.opacity,
      fill: !!style.fill,
      fillColor: style.fill || style.stroke || "#333333",
      fillOpacity:
        style.fill_opacity === null || style.fill_opacity === undefined ? 0.3 : style.fill_opacity,
      dashArray: style.dash || null,
      lineCap: "round",
      lineJoin: "round",
      fillRule: "nonzero",
    };
    if (style.hatch && style.hatch !== "none" && style.fill) {
      s.fillColor = hatchPattern(
        "fl-hatch-" + style.hatch + "-" + style.fill.slice(1),
        style.hatch,
        style.fill,
        s.fillOpacity
      );
      s.fillOpacity = 1;
    }
    return s;
  }

  function overlays(map) {
    if (!map._flOverlays) map._flOverlays = [];
    return map._flOverlays;
  }

  /* One layer switcher entry per layer; the classes of a layer styled by a property share
   * their layer's entry (a layer group holding them all). */
  function addToSwitcher(map, opts, lyr) {
    if (!opts.switcher) return;
    if (!opts.group) {
      overlays(map).push([opts.label, lyr]);
      return;
    }
    if (!map._flGroups) map._flGroups = {};
    var group = map._flGroups[opts.group];
    if (!group) {
      group = map._flGroups[opts.group] = L.layerGroup().addTo(map);
      overlays(map).push([opts.group_label, group]);
    }
    group.addLayer(lyr);
  }

  /* A tooltip or popup: [field, label] pairs over a feature's text properties. A lone field
   * without a label shows its value alone; otherwise one "label value" row per field the
   * feature has. Names and values are set as text (never HTML). */
  function tipNode(fields, props, cls) {
    if (!fields || !fields.length || !props) return null;
    var has = function (f) {
      return Object.prototype.hasOwnProperty.call(props, f[0]) && props[f[0]] !== null;
    };
    if (fields.length === 1 && fields[0][1] === null) {
      return has(fields[0]) ? el("span", cls, props[fields[0][0]]) : null;
    }
    var shown = fields.filter(has);
    if (!shown.length) return null;
    var box = el("div", cls + " fl-tip-table");
    shown.forEach(function (f) {
      var row = el("div", "fl-tip-row");
      row.appendChild(el("span", "fl-tip-key", f[1]));
      row.appendChild(el("span", "fl-tip-value", props[f[0]]));
      box.appendChild(row);
    });
    return box;
  }

  /* Geometry arrives in the compact "fl1" form written by geo/render/encode.py: coordinate
   * differences as zig-zag integers, 5 bits per base64url character, least significant
   * group first, the 6th bit set while more groups follow. */
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGITS = new Int8Array(128).fill(-1);
  for (var a = 0; a < ALPHABET.length; a++) DIGITS[ALPHABET.charCodeAt(a)] = a;

  /* Flat [lon0, lat0, lon1, lat1, ...] in degrees. Integers stay exact up to 2^53 (no
   * bitwise operators, which would cut them to 32 bits), and dividing by the power of ten
   * gives the same double as parsing the decimal text would. */
  function decodeCoords(doc) {
    if (doc.fmt !== "fl1") throw new Error("frontline: unknown geometry format");
    var text = doc.c,
      scale = doc.scale,
      out = new Float64Array(text.length),
      n = 0,
      value = 0,
      mult = 1,
      x = 0,
      y = 0;
    for (var i = 0; i < text.length; i++) {
      var d = DIGITS[text.charCodeAt(i)];
      if (!(d >= 0)) throw new Error("frontline: bad geometry text");
      value += (d % 32) * mult;
      if (d >= 32) {
        mult *= 32;
        continue;
      }
      var v = value % 2 ? -(value + 1) / 2 : value / 2;
      if (n % 2) {
        y += v;
        out[n] = y / scale;
      } else {
        x += v;
        out[n] = x / scale;
      }
      n++;
      value = 0;
      mult = 1;
    }
    if (mult !== 1 || n % 2) throw new Error("frontline: truncated geometry text");
    return out.subarray(0, n);
  }

  /* Walk a layer document: emit(feature, polygons, lines, points) per feature, polygons as
   * arrays of rings, every vertex an L.LatLng. */
  function eachFeature(doc, emit) {
    var xy = decodeCoords(doc),
      pos = 0;
    function take(n) {
      var pts = new Array(n);
      for (var k = 0; k < n; k++, pos += 2) pts[k] = new L.LatLng(xy[pos + 1], xy[pos]);
      return pts;
    }
    doc.f.forEach(function (f) {
      var polys = (f.P || []).map(function (rings) {
        return rings.map(take);
      });
      var lines = (f.L || []).map(take);
      var points = f.M ? take(f.M) : [];
      emit(f, polys, lines, points);
    });
    if (pos !== xy.length) throw new Error("frontline: geometry does not match its features");
  }

  /* Each layer draws into its own pane, stacked in recipe order, whether it is an overlay
   * or Leaflet paths. The basemap sits below Leaflet's overlay pane (so folium layers a
   * notebook adds stay visible), the data layers above it. */
  function layerPane(map, opts) {
    var name = "fl-pane-" + opts.cls;
    if (!map.getPane(name)) {
      map._flPanes = (map._flPanes || 0) + 1;
      var pane = map.createPane(name);
      pane.style.zIndex = String(opts.basemap ? 350 : 400 + map._flPanes);
      pane.classList.add(opts.basemap ? "fl-pane-basemap" : "fl-pane-data");
    }
    return name;
  }

  function svgPath(cls, d, attrs) {
    var path = svgEl("path", cls);
    path.setAttribute("d", d);
    for (var key in attrs) path.setAttribute(key, String(attrs[key]));
    return path;
  }

  /* A fixed layer (the vector basemap; areas and lines without popups): SVG paths in a
   * Web Mercator frame at the recipe's max zoom, placed with L.svgOverlay. Python snapped
   * every vertex to a grid of 1/grid px in that frame and wrote the path text (integers,
   * relative moves), so the page only hands it to the browser: no projection, no
   * rounding, and nothing is re-simplified or rounded to whole pixels as Leaflet's own
   * paths are. The browser scales the paths on zoom; strokes (and their dashes) stay in
   * screen pixels, and a hatch pattern is rescaled to stay 8 px. A layer with a tooltip
   * has one path per feature kind (doc.f), each made an OverlayFeature. */
  var PATH_TEXT = /^[MlZ0-9 -]*$/;
  function overlay(map, doc, opts, pane) {
    var feats = doc.f || [];
    var bad = feats.some(function (f) {
      return !PATH_TEXT.test(f.polys) || !PATH_TEXT.test(f.lines);
    });
    if (doc.fmt !== "svgpath1" || bad || !PATH_TEXT.test(doc.polys) || !PATH_TEXT.test(doc.lines)) {
      throw new Error("frontline: bad overlay data");
    }
    var fr = doc.frame,
      st = opts.style || {},
      cls = layerClass(opts);
    var svg = svgEl("svg", "fl-overlay" + (opts.basemap ? " fl-basemap" : ""));
    svg.setAttribute("viewBox", "0 0 " + fr.size[0] * fr.grid + " " + fr.size[1] * fr.grid);
    svg.setAttribute("preserveAspectRatio", "none");
    var stroke = {
      stroke: st.stroke || "#333333",
      "stroke-width": st.weight === undefined ? 1.5 : st.weight,
      "stroke-opacity": st.opacity === undefined ? 1 : st.opacity,
      "stroke-linejoin": "round",
      "stroke-linecap": "round",
      "vector-effect": "non-scaling-stroke",
    };
    if (st.dash) stroke["stroke-dasharray"] = st.dash;
    var hatch = null,
      turned = st.hatch === "diagonal" || st.hatch === "cross";
    var filled = stroke;
    var anyPolys = doc.polys || feats.some(function (f) {
      return f.polys;
    });
    if (anyPolys) {
      var fill = st.fill || "none",
        fillOpacity = st.fill_opacity === undefined ? 0.3 : st.fill_opacity;
      if (st.hatch && st.hatch !== "none" && st.fill) {
        hatch = buildPattern("fl-hatch-" + opts.cls, st.hatch, st.fill, fillOpacity);
        svg.appendChild(svgEl("defs")).appendChild(hatch);
        fill = "url(#fl-hatch-" + opts.cls + ")";
        fillOpacity = 1;
      }
      filled = L.extend({ fill: fill, "fill-opacity": fillOpacity, "fill-rule": "nonzero" }, stroke);
    }
    var stroked = L.extend({ fill: "none" }, stroke);
    if (doc.polys) svg.appendChild(svgPath(cls, doc.polys, filled));
    if (doc.lines) svg.appendChild(svgPath(cls, doc.lines, stroked));
    // Per feature, in order: its polygons' path, then its lines' (as Leaflet adds them).
    var made = [];
    feats.forEach(function (f) {
      [
        [f.polys, filled, true],
        [f.lines, stroked, false],
      ].forEach(function (kind) {
        if (!kind[0]) return;
        var path = svg.appendChild(svgPath(cls + " leaflet-interactive", kind[0], kind[1]));
        var feature = new OverlayFeature(path, fr, kind[2]);
        var tip = tipNode(opts.tooltip, f.p, "fl-tip");
        if (tip) feature.bindTooltip(tip, { sticky: true });
        feature._flName = featureName(tip);
        made.push(feature);
      });
    });
    var b = fr.bounds;
    var lyr = L.svgOverlay(
      svg,
      [
        [b[0][1], b[0][0]],
        [b[1][1], b[1][0]],
      ],
      { pane: pane, interactive: false }
    );
    if (hatch) {
      // Grid units per screen pixel at the current zoom.
      var rescale = function () {
        var k = fr.grid * Math.pow(2, fr.zoom - map.getZoom());
        hatch.setAttribute("patternTransform", "scale(" + k + ")" + (turned ? " rotate(45)" : ""));
      };
      lyr.on("add", rescale);
      map.on("zoomend viewreset", rescale);
    }
    lyr._flFeatures = made;
    return lyr;
  }

  /* One feature's path in a fixed overlay, as a Leaflet layer of its own: the map's mouse
   * events reach it (an interactive target, like a Leaflet path), so a tooltip bound to it
   * opens, follows the pointer and closes as on a Leaflet path, and on keyboard focus opens
   * at the centre Leaflet would use (the first ring's centroid, the first line's midpoint;
   * computed from the path text, in the overlay's Web Mercator frame). */
  var OverlayFeature = L.Layer.extend({
    initialize: function (path, frame, closed) {
      this._path = path;
      this._frame = frame;
      this._closed = closed;
    },
    getElement: function () {
      return this._path;
    },
    onAdd: function () {
      this.addInteractiveTarget(this._path);
    },
    onRemove: function () {
      this.removeInteractiveTarget(this._path);
    },
    getCenter: function () {
      var fr = this._frame,
        map = this._map;
      var first = this._path.getAttribute("d").split("M")[1];
      var v = first.replace(/[lZ]/g, " ").match(/-?[0-9]+/g).map(Number);
      var x = 0,
        y = 0,
        lls = [];
      for (var i = 0; i + 1 < v.length; i += 2) {
        x += v[i];
        y += v[i + 1];
        lls.push(map.unproject([fr.origin[0] + x / fr.grid, fr.origin[1] + y / fr.grid], fr.zoom));
      }
      var crs = map.options.crs;
      return this._closed ? L.PolyUtil.polygonCenter(lls, crs) : L.LineUtil.polylineCenter(lls, crs);
    },
  });

  /* Put a layer on the map, or, while the map still waits for its furniture, hold it until
   * then: the furniture sets the final view (page.js fits the recipe's bounds clear of the
   * title card, which must be laid out first), and a layer added before that is drawn
   * twice, at the start view and again at the fitted one (Leaflet's paths projected,
   * clipped and simplified again, every fixed overlay laid out again). furniture() runs
   * the held layers once the view is final; a page without furniture gets them at the end
   * of the map script (a microtask: the map script is one script), so nothing waits for
   * a furniture that never comes. A layer made after the furniture is added at once. */
  function place(map, add) {
    if (map._flFurnished) {
      add();
      return;
    }
    if (!map._flHeld) {
      map._flHeld = [];
      Promise.resolve().then(function () {
        releaseHeld(map);
      });
    }
    map._flHeld.push(add);
  }

  function releaseHeld(map) {
    var held = map._flHeld || [];
    map._flHeld = null;
    map._flFurnished = true;
    held.forEach(function (add) {
      add();
    });
  }

  /* The classes of a layer's paths: fl-layer, fl-layer-<id> and, for one class of a layer
   * styled by a property, fl-layer-<that layer's id>. */
  function layerClass(opts) {
    return "fl-layer fl-layer-" + opts.cls + (opts.group ? " fl-layer-" + opts.group : "");
  }

  /* Draw one layer as SVG paths with the classes fl-layer and fl-layer-<id>. A layer with no
   * per-feature tooltip ("merge") is one path for its polygons and one for its lines. */
  function layer(map, dataId, opts) {
    var doc = readJSON(dataId);
    var pane = layerPane(map, opts);
    if (doc.fmt === "svgpath1") {
      var fixed = overlay(map, doc, opts, pane);
      var feats = fixed._flFeatures;
      // With its features, one layer: the switcher shows and hides them together.
      if (feats.length) fixed = L.layerGroup([fixed].concat(feats));
      place(map, function () {
        fixed.addTo(map);
        feats.forEach(function (f) {
          nameFeature(f, opts.label);
        });
      });
      addToSwitcher(map, opts, fixed);
      return fixed;
    }
    var style = pathStyle(opts.style || {}, layerClass(opts));
    style.interactive = !!(opts.tooltip || opts.popup);
    style.pane = pane;
    var pointStyle = L.extend({}, style, {
      radius: opts.style && opts.style.radius ? opts.style.radius : 4,
      fill: true,
      fillOpacity: 1,
    });
    var group = L.featureGroup();
    var allPolys = [],
      allLines = [];
    eachFeature(doc, function (f, polys, lines, points) {
      var made = [];
      if (doc.merge) {
        Array.prototype.push.apply(allPolys, polys);
        Array.prototype.push.apply(allLines, lines);
      } else {
        if (polys.length) made.push(L.polygon(polys, style));
        if (lines.length) made.push(L.polyline(lines, style));
      }
      points.forEach(function (ll) {
        made.push(L.circleMarker(ll, pointStyle));
      });
      made.forEach(function (lyr) {
        var tip = tipNode(opts.tooltip, f.p, "fl-tip");
        if (tip) lyr.bindTooltip(tip, { sticky: true });
        var pop = tipNode(opts.popup, f.p, "fl-popup");
        if (pop) lyr.bindPopup(pop);
        lyr._flName = featureName(tip || pop);
        group.addLayer(lyr);
      });
    });
    if (allPolys.length) group.addLayer(L.polygon(allPolys, style));
    if (allLines.length) group.addLayer(L.polyline(allLines, style));
    place(map, function () {
      group.addTo(map);
      group.eachLayer(function (lyr) {
        nameFeature(lyr, opts.label);
      });
    });
    addToSwitcher(map, opts, group);
    return group;
  }

  /* The text a screen reader announces for a feature: its tooltip (or popup) as one line. */
  function featureName(node) {
    if (!node) return "";
    var rows = node.querySelectorAll(".fl-tip-row");
    if (!rows.length) return node.textContent;
    return Array.prototype.map
      .call(rows, function (row) {
        return Array.prototype.map
          .call(row.children, function (c) {
            return c.textContent;
          })
          .join(" ");
      })
      .join("; ");
  }

  /* Keyboard access: a feature with a tooltip or popup is one tab stop named by its text
   * (role "img", the layer's label first); every other path stays out of the tab order. */
  function nameFeature(lyr, label) {
    var node = lyr.getElement && lyr.getElement();
    if (!node) return;
    if (lyr._flName) {
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "img");
      node.setAttribute("aria-label", label + ": " + lyr._flName);
      if (lyr.getPopup && lyr.getPopup()) {
        node.addEventListener("keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            lyr.openPopup();
          }
        });
      }
    } else {
      node.setAttribute("tabindex", "-1");
      node.setAttribute("aria-hidden", "true");
    }
  }

  /* Signed integers of encode_ints text (zig-zag, 5 bits per base64url character), as a
   * Float64Array; exact up to 2^53, like decodeCoords. */
  function decodeInts(text) {
    var out = new Float64Array(text.length),
      n = 0,
      value = 0,
      mult = 1;
    for (var i = 0; i < text.length; i++) {
      var d = DIGITS[text.charCodeAt(i)];
      if (!(d >= 0)) throw new Error("frontline: bad frame text");
      value += (d % 32) * mult;
      if (d >= 32) {
        mult *= 32;
        continue;
      }
      out[n++] = value % 2 ? -(value + 1) / 2 : value / 2;
      value = 0;
      mult = 1;
    }
    if (mult !== 1) throw new Error("frontline: truncated frame text");
    return out.subarray(0, n);
  }

  /* Vertices an fl1 feature list describes (rings, lines, points). */
  function vertexCount(f) {
    var n = 0;
    f.forEach(function (feat) {
      (feat.P || []).forEach(function (rings) {
        rings.forEach(function (k) {
          n += k;
        });
      });
      (feat.L || []).forEach(function (k) {
        n += k;
      });
      n += feat.M || 0;
    });
    return n;
  }

  /* The feature list of an fl1d frame: its own f, or the previous frame's f with every
   * count changed by n (document order: ring counts polygon by polygon, line counts, the
   * point count), or the previous frame's f as it is. */
  function deltaFeatures(doc, prevF) {
    if (doc.f) return doc.f;
    if (doc.n === undefined) return prevF;
    var change = decodeInts(doc.n),
      k = 0;
    function next(v) {
      if (k >= change.length) throw new Error("frontline: frame counts do not match");
      var c = v + change[k++];
      if (c < 0) throw new Error("frontline: negative count in a frame");
      return c;
    }
    var out = prevF.map(function (feat) {
      var g = { p: feat.p };
      if (feat.P) {
        g.P = feat.P.map(function (rings) {
          return rings.map(next);
        });
      }
      if (feat.L) g.L = feat.L.map(next);
      if ("M" in feat) g.M = next(feat.M);
      return g;
    });
    if (k !== change.length) throw new Error("frontline: frame counts do not match");
    return out;
  }

  /* The vertex stream [x0, y0, x1, y1, ...] (grid units) of an fl1d frame: copies from the
   * previous frame's stream and literal vertices, as geo/render/frame_delta.py writes them.
   * Every copy must lie inside the previous frame and every literal be used exactly once. */
  function applyDelta(prev, doc, f) {
    var ops = decodeInts(doc.ops),
      lits = decodeInts(doc.c),
      total = vertexCount(f);
    if (ops.length % 3 || lits.length % 2) throw new Error("frontline: truncated frame delta");
    var out = new Float64Array(2 * total),
      n = 0,
      src = 0,
      used = 0,
      x = 0,
      y = 0;
    for (var i = 0; i < ops.length; i += 3) {
      var start = src + ops[i],
        copy = ops[i + 1],
        lit = ops[i + 2];
      if (copy < 0 || lit < 0 || start < 0 || 2 * (start + copy) > prev.length) {
        throw new Error("frontline: frame delta outside the previous frame");
      }
      if (n + copy + lit > total || 2 * (used + lit) > lits.length) {
        throw new Error("frontline: frame delta does not match its rings");
      }
      out.set(prev.subarray(2 * start, 2 * (start + copy)), 2 * n);
      n += copy;
      if (copy) {
        x = out[2 * n - 2];
        y = out[2 * n - 1];
      }
      for (var k = 0; k < lit; k++, n++, used++) {
        x += lits[2 * used];
        y += lits[2 * used + 1];
        out[2 * n] = x;
        out[2 * n + 1] = y;
      }
      src = start + copy;
    }
    if (n !== total || 2 * used !== lits.length) {
      throw new Error("frontline: frame delta does not match its rings");
    }
    return out;
  }

  /* SVG path text of a timeline frame: its fl1 feature list f over the vertex stream xy
   * (integer grid units): per ring "M x y l dx dy dx dy ... Z", the same text
   * geo/render/encode.py's svg_path writes (no space before a minus sign). */
  function gridPathText(f, xy) {
    var pos = 0,
      out = [];
    function sep(v) {
      return v < 0 ? String(v) : " " + v;
    }
    f.forEach(function (feat) {
      (feat.P || []).forEach(function (rings) {
        rings.forEach(function (n) {
          if (n >= 2) {
            var s = ["M" + xy[pos] + sep(xy[pos + 1]) + "l" + (xy[pos + 2] - xy[pos])];
            s.push(sep(xy[pos + 3] - xy[pos + 1]));
            for (var k = pos + 4; k < pos + 2 * n; k += 2) {
              s.push(sep(xy[k] - xy[k - 2]) + sep(xy[k + 1] - xy[k - 1]));
            }
            out.push(s.join("") + "Z");
          }
          pos += 2 * n;
        });
      });
    });
    if (pos !== xy.length) throw new Error("frontline: frame does not match its rings");
    return out.join("");
  }

  /* Decoder of a slider's frames. They come in groups, one JSON block each (id d.blocks +
   * group number): group g holds frames d.keys[g] .. d.keys[g + 1] - 1, the first an fl1
   * keyframe, the others fl1d deltas against the frame before. Frame i is rebuilt from
   * its group's keyframe, or from the last frame decoded when that lies in between
   * (playing forward decodes one delta per step). Returns the frame's path text, cached
   * per frame. */
  function frameDecoder(d) {
    var keys = d.keys,
      texts = {},
      last = null,
      group = null;
    keys.forEach(function (k, g) {
      if (k !== Math.floor(k) || (g ? !(k > keys[g - 1]) : k !== 0)) {
        throw new Error("frontline: bad frame groups");
      }
    });
    function groupOf(i) {
      var lo = 0,
        hi = keys.length - 1;
      while (lo < hi) {
        var mid = Math.ceil((lo + hi) / 2);
        if (keys[mid] <= i) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    }
    function docsOf(g) {
      if (!group || group.g !== g) {
        var list = readJSON(d.blocks + g);
        if (!Array.isArray(list) || !list.length) throw new Error("frontline: empty frame group");
        group = { g: g, list: list };
      }
      return group.list;
    }
    function next(cur, doc) {
      if (doc.fmt === "fl1") {
        if (doc.scale !== 1) throw new Error("frontline: timeline frames are in grid units");
        return { i: cur ? cur.i + 1 : 0, f: doc.f, xy: decodeCoords(doc) };
      }
      if (doc.fmt !== "fl1d" || !cur) throw new Error("frontline: unknown frame format");
      if ("scale" in doc && doc.scale !== 1) {
        throw new Error("frontline: timeline frames are in grid units");
      }
      var f = deltaFeatures(doc, cur.f);
      return { i: cur.i + 1, f: f, xy: applyDelta(cur.xy, doc, f) };
    }
    function state(i) {
      var g = groupOf(i),
        start = keys[g],
        list = docsOf(g);
      if (i - start >= list.length || (g + 1 < keys.length && i >= keys[g + 1])) {
        throw new Error("frontline: frame missing from its group");
      }
      var cur = last && last.i >= start && last.i <= i ? last : null;
      if (!cur) {
        if (list[0].fmt !== "fl1") throw new Error("frontline: a frame group starts with a delta");
        cur = next(null, list[0]);
        cur.i = start;
      }
      while (cur.i < i) cur = next(cur, list[cur.i + 1 - start]);
      last = cur;
      return cur;
    }
    return function pathOf(i) {
      if (!(i in texts)) {
        var st = state(i);
        texts[i] = gridPathText(st.f, st.xy);
      }
      return texts[i];
    };
  }

  /* A time slider over dated snapshots: one fixed overlay (like the other fixed layers)
   * whose path is swapped when the range input moves, plus play/pause. Frames are decoded
   * when first shown (see frameDecoder). Dates and figures are set as text. */
  function timeline(map, dataId) {
    var d = readJSON(dataId),
      frames = d.frames,
      pathOf = frameDecoder(d),
      timer = null,
      current = d.start;
    var opts = { cls: d.cls, style: d.style, label: d.label, switcher: true, basemap: false };
    var lyr = overlay(
      map,
      { fmt: "svgpath1", polys: " ", lines: "", frame: d.frame },
      opts,
      layerPane(map, opts)
    ).addTo(map);
    overlays(map).push([d.label, lyr]);
    var path = lyr.getElement().querySelector("path");

    var box = el("div", "fl-card fl-timeline");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", d.label);
    var row = el("div", "fl-timeline-row");
    var button = el("button", "fl-timeline-play");
    button.type = "button";
    var date = el("strong", "fl-timeline-date");
    date.setAttribute("aria-live", "polite");
    row.appendChild(button);
    row.appendChild(date);
    var range = el("input", "fl-timeline-range");
    range.type = "range";
    range.min = "0";
    range.max = String(frames.length - 1);
    range.step = "1";
    range.setAttribute("aria-label", d.label);
    var text = el("div", "fl-timeline-text");
    box.appendChild(row);
    box.appendChild(range);
    box.appendChild(text);

    function show(i) {
      current = i;
      path.setAttribute("d", pathOf(i) || " ");
      range.value = String(i);
      range.setAttribute("aria-valuetext", frames[i].date);
      date.textContent = frames[i].date;
      text.textContent = frames[i].text;
      box.setAttribute("data-fl-frame", String(i));
    }
    function setButton(playing) {
      button.textContent = playing ? "\u275a\u275a" : "\u25b6\ufe0e";
      button.setAttribute("aria-label", playing ? "Pause" : "Play");
      button.setAttribute("aria-pressed", playing ? "true" : "false");
    }
    function stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      setButton(false);
    }
    function play() {
      if (current >= frames.length - 1) show(0);
      setButton(true);
      timer = setInterval(function () {
        if (current >= frames.length - 1) stop();
        else show(current + 1);
      }, d.interval_ms);
    }
    button.addEventListener("click", function () {
      if (timer === null) play();
      else stop();
    });
    range.addEventListener("input", function () {
      stop();
      show(parseInt(range.value, 10));
    });
    setButton(false);
    show(current);
    return control(map, "bottomright", function () {
      return box;
    });
  }

  var POSITIONS = { right: 1, left: 1, top: 1, bottom: 1, center: 1, along: 1 };

  /* Permanent text labels and callout boxes. Leaflet's permanent tooltips measure every box
   * (one forced layout per label); these are anchored by CSS transforms instead (fl-at-*),
   * so adding them reads nothing back from the page. They follow zoom animations the way
   * Leaflet's markers do. A place revealed by zoom (there may be thousands) gets its
   * element only when page.js first shows it (node()): until its zoom comes it costs the
   * page nothing. The elements keep the items' order in the pane. */
  var Labels = L.Layer.extend({
    initialize: function (items) {
      this._items = items;
      this._nodes = [];
      items.forEach(function (item, i) {
        item._flIndex = i;
        item._flNode = null;
      });
    },
    onAdd: function (map) {
      this._pane = map.getPane("tooltipPane");
      var self = this;
      this._items.forEach(function (item) {
        if (item.minZoom === undefined) self.node(item);
      });
      this._reset();
    },
    onRemove: function () {
      this._nodes.forEach(L.DomUtil.remove);
      this._nodes = [];
      this._items.forEach(function (item) {
        item._flNode = null;
      });
    },
    /* The item's anchor element, made (and put in the pane in item order) when first
     * asked for; a place revealed by zoom starts hidden (fl-off) until page.js places it. */
    node: function (item) {
      if (item._flNode) return item._flNode;
      var lazy = item.minZoom !== undefined ? " fl-off" : "";
      var anchor = el("div", "fl-anchor leaflet-zoom-animated" + lazy);
      // A label whose town dot is a data layer's marker (pairMarkers) draws no second dot.
      if (item.dot && !item.markers) anchor.appendChild(el("i", "fl-dot"));
      var where = POSITIONS[item.position] ? item.position : "right";
      var box = el("div", item.cls + " fl-at-" + where);
      // A river's name runs along it (the angle is degrees clockwise, as CSS turns).
      if (where === "along") box.style.setProperty("--fl-angle", (+item.angle || 0) + "deg");
      box.appendChild(el("span", null, item.text));
      anchor.appendChild(box);
      anchor._flBox = box;
      anchor._flWhere = where;
      anchor._flItem = item;
      item._flNode = anchor;
      // After the last element of an earlier item: a binary search over the made ones.
      var nodes = this._nodes,
        lo = 0,
        hi = nodes.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (nodes[mid]._flItem._flIndex < item._flIndex) lo = mid + 1;
        else hi = mid;
      }
      this._pane.insertBefore(anchor, lo < nodes.length ? nodes[lo] : null);
      nodes.splice(lo, 0, anchor);
      return anchor;
    },
    getEvents: function () {
      var events = { zoom: this._reset, viewreset: this._reset };
      if (this._zoomAnimated) events.zoomanim = this._animate;
      return events;
    },
    _reset: function () {
      var map = this._map;
      this._place(function (ll) {
        return map.latLngToLayerPoint(ll);
      });
    },
    _animate: function (e) {
      var map = this._map;
      this._place(function (ll) {
        return map._latLngToNewLayerPoint(ll, e.zoom, e.center);
      });
    },
    _place: function (project) {
      for (var i = 0; i < this._nodes.length; i++) {
        var node = this._nodes[i],
          item = node._flItem;
        // Hidden places revealed by zoom are placed when shown.
        if (item.minZoom !== undefined && node.classList.contains("fl-off")) continue;
        L.DomUtil.setPosition(node, project(L.latLng(item.lat, item.lon)).round());
      }
    },
  });

  /* A town's dot is drawn only with its name: each label item with a dot takes the point
   * markers of the data layers at its point (within about 10 m) as its own (item.markers),
   * and page.js hides them with the label when it finds no room. Such a label draws no
   * second dot. Runs before the labels are made, over every place (there may be
   * thousands), so the markers (a few) are indexed by a number, not a string, and a map
   * without markers looks at no label. */
  function pairMarkers(map, items) {
    var byKey = new Map();
    // Lat and lon in 1/1000 degree (|lon| < 500,000 of them): one exact integer.
    function key(lat, lon) {
      return Math.round(lat * 1e3) * 1e6 + Math.round(lon * 1e3);
    }
    map.eachLayer(function (lyr) {
      if (!(lyr instanceof L.CircleMarker) || !lyr.options.pane) return;
      if (/fl-callout/.test(lyr.options.className || "")) return;
      var ll = lyr.getLatLng(),
        k = key(ll.lat, ll.lng);
      if (!byKey.has(k)) byKey.set(k, []);
      byKey.get(k).push(lyr);
    });
    if (!byKey.size) return;
    for (var i = 0; i < items.length; i++) {
      var item = items[i],
        at = item.dot && byKey.get(key(item.lat, item.lon));
      if (!at) continue;
      var near = at.filter(function (m) {
        var ll = m.getLatLng();
        return Math.abs(ll.lat - item.lat) < 1e-4 && Math.abs(ll.lng - item.lon) < 1e-4;
      });
      if (near.length) item.markers = near;
    }
  }

  function legendSwatch(item) {
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", "26");
    svg.setAttribute("height", "14");
    svg.setAttribute("aria-hidden", "true");
    var s = item.style || {};
    var shape;
    if (item.kind === "line") {
      shape = document.createElementNS(SVGNS, "line");
      shape.setAttribute("x1", "1");
      shape.setAttribute("y1", "7");
      shape.setAttribute("x2", "25");
      shape.setAttribute("y2", "7");
      shape.setAttribute("stroke", s.stroke || "#333333");
      shape.setAttribute("stroke-width", String(Math.max(1.5, s.weight || 2)));
      if (s.dash) shape.setAttribute("stroke-dasharray", s.dash);
    } else if (item.kind === "point") {
      shape = document.createElementNS(SVGNS, "circle");
      shape.setAttribute("cx", "13");
      shape.setAttribute("cy", "7");
      shape.setAttribute("r", "4");
      shape.setAttribute("fill", s.fill || s.stroke || "#222222");
    } else {
      shape = document.createElementNS(SVGNS, "rect");
      shape.setAttribute("x", "1");
      shape.setAttribute("y", "1");
      shape.setAttribute("width", "24");
      shape.setAttribute("height", "12");
      var fill = s.fill || "none";
      var op = s.fill_opacity === null || s.fill_opacity === undefined ? 0.3 : s.fill_opacity;
      if (s.hatch && s.hatch !== "none" && s.fill) {
        fill = hatchPattern("fl-hatch-" + s.hatch + "-" + s.fill.slice(1), s.hatch, s.fill, op);
        op = 1;
      }
      shape.setAttribute("fill", fill);
      shape.setAttribute("fill-opacity", String(op));
      shape.setAttribute("stroke", s.stroke || "#333333");
      shape.setAttribute("stroke-width", String(Math.min(2, s.weight || 1)));
      if (s.dash) shape.setAttribute("stroke-dasharray", s.dash);
    }
    svg.appendChild(shape);
    return svg;
  }

  function control(map, position, build) {
    var C = L.Control.extend({
      onAdd: function () {
        var box = build();
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      },
    });
    var c = new C({ position: position });
    c.addTo(map);
    return c;
  }

  /* The title card: the title and a fold button (shown on narrow screens), then the body
   * (dek, legend, figures, byline) that the button folds away. */
  function titleCard(d) {
    var card = el("div", "fl-card fl-title-card");
    var head = el("div", "fl-card-head");
    head.appendChild(el("h1", "fl-title", d.text.title));
    var toggle = el("button", "fl-card-toggle", "Hide key");
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "true");
    toggle.setAttribute("aria-controls", "fl-card-body");
    head.appendChild(toggle);
    card.appendChild(head);
    var box = el("div", "fl-card-body");
    box.id = "fl-card-body";
    card.appendChild(box);
    if (d.text.dek) box.appendChild(el("p", "fl-dek", d.text.dek));
    if (d.legend.length) {
      var ul = el("ul", "fl-legend");
      ul.setAttribute("aria-label", "Legend");
      d.legend.forEach(function (item) {
        if (item.kind === "heading") {
          var head = el("li", "fl-legend-item fl-legend-heading");
          head.appendChild(el("span", "fl-legend-label", item.label));
          ul.appendChild(head);
          return;
        }
        var li = el("li", "fl-legend-item");
        li.appendChild(legendSwatch(item));
        li.appendChild(el("span", "fl-legend-label", item.label));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    if (d.figures.length) {
      var figs = el("ul", "fl-figures");
      d.figures.forEach(function (f) {
        figs.appendChild(el("li", "fl-figure", f.text));
      });
      box.appendChild(figs);
    }
    var meta = [];
    if (d.text.byline) meta.push(d.text.byline);
    if (d.text.as_of) meta.push("As of " + d.text.as_of);
    if (meta.length) box.appendChild(el("p", "fl-byline", meta.join(" · ")));
    return card;
  }

  /* Notes and sources fold into a native <details> so they never hide the map. */
  function creditsBox(d) {
    var box = el("details", "fl-card fl-credits");
    var summary = el("summary", "fl-credits-summary", "Sources and notes");
    // The reader's short credit stays in view; the full sources fold below it.
    if (d.credit) summary.appendChild(el("span", "fl-credit-short", d.credit));
    box.appendChild(summary);
    d.text.notes.forEach(function (n) {
      box.appendChild(el("p", "fl-note", n));
    });
    var p = el("p", "fl-credit-line");
    p.appendChild(el("strong", null, "Sources: "));
    p.appendChild(document.createTextNode(d.credits.join(" · ")));
    box.appendChild(p);
    return box;
  }

  /* The locator inset is a fixed picture like the overlays: SVG path text in its own
   * Web Mercator frame (fitted into the box as fitBounds would), no second Leaflet map.
   * The red box shows the main map's view and follows it. */
  function inset(map, d) {
    var W = 150,
      H = 110,
      doc = readJSON(d.inset.data);
    if (doc.fmt !== "svgpath1" || !PATH_TEXT.test(doc.polys)) {
      throw new Error("frontline: bad inset data");
    }
    var fr = doc.frame,
      g = fr.grid,
      world = 256 * Math.pow(2, fr.zoom),
      vw = fr.size[0] * g,
      vh = fr.size[1] * g,
      unit = Math.max(vw / W, vh / H); // viewBox units per screen pixel
    function gx(lon) {
      return ((lon + 180) / 360 * world - fr.origin[0]) * g;
    }
    function gy(lat) {
      var s = Math.sin((Math.max(-85.0511287798, Math.min(85.0511287798, lat)) * Math.PI) / 180);
      return ((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * world - fr.origin[1]) * g;
    }
    var holder = el("div", "fl-card fl-inset");
    holder.setAttribute("aria-hidden", "true");
    var svg = svgEl("svg", "fl-inset-map");
    svg.setAttribute("width", String(W));
    svg.setAttribute("height", String(H));
    svg.setAttribute("viewBox", "0 0 " + vw + " " + vh);
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    svg.appendChild(svgPath("fl-inset-country", doc.polys, {}));
    var box = svgEl("rect", "fl-inset-box");
    svg.appendChild(box);
    holder.appendChild(svg);
    function follow() {
      var v = map.getBounds(),
        x0 = gx(v.getWest()),
        y0 = gy(v.getNorth());
      box.setAttribute("x", String(x0));
      box.setAttribute("y", String(y0));
      box.setAttribute("width", String(Math.max(unit, gx(v.getEast()) - x0)));
      box.setAttribute("height", String(Math.max(unit, gy(v.getSouth()) - y0)));
    }
    follow();
    map.on("moveend", follow);
    return control(map, "bottomright", function () {
      return holder;
    });
  }

  /* Everything that is not a data layer: title card, legend, figures, labels, callouts,
   * scale bar, layer switcher, inset and credits. */
  function furniture(map, dataId) {
    var d = readJSON(dataId);
    document.title = d.text.title;
    var container = map.getContainer();
    container.classList.add("fl-map");
    if (d.text.alt) {
      var alt = el("p", "fl-visually-hidden", d.text.alt);
      alt.id = dataId + "-alt";
      container.parentNode.insertBefore(alt, container);
      container.setAttribute("aria-describedby", alt.id);
    }
    container.setAttribute("aria-label", d.text.title);
    container.setAttribute("role", "main");

    // On the map once the view is final (below), with the held layers.
    var labels = L.layerGroup();
    // Leader lines above every layer, below the label text (tooltip pane, 650).
    if (!map.getPane("flCallouts")) map.createPane("flCallouts").style.zIndex = "640";
    var texts = d.labels.map(function (item) {
      return {
        text: item.text,
        lat: item.lat,
        lon: item.lon,
        position: item.position,
        dot: item.dot,
        cls: "fl-label " + (item.kind || ""),
        rank: item.rank,
        angle: item.angle,
      };
    });
    // Places revealed by zoom (compact columns: see geo/render/folium_map.py).
    var pl = d.places || { text: [] },
      POS = { r: "right", l: "left", t: "top", b: "bottom", c: "center" };
    pl.text.forEach(function (text, i) {
      texts.push({
        text: text,
        lon: pl.xy[2 * i],
        lat: pl.xy[2 * i + 1],
        position: POS[pl.pos.charAt(i)] || "right",
        dot: pl.dot[i] === 1,
        cls: "fl-label place fl-minor",
        minZoom: pl.z[i],
      });
    });
    d.callouts.forEach(function (c) {
      var leader = L.polyline(
        [
          [c.text_at[1], c.text_at[0]],
          [c.at[1], c.at[0]],
        ],
        {
          className: "fl-callout-line",
          color: "#222222",
          weight: 1,
          interactive: false,
          pane: "flCallouts",
        }
      ).addTo(labels);
      var mark = L.circleMarker([c.at[1], c.at[0]], {
        className: "fl-callout-dot",
        pane: "flCallouts",
        radius: 3,
        color: "#222222",
        weight: 1,
        fillColor: "#ffffff",
        fillOpacity: 1,
        interactive: false,
      }).addTo(labels);
      texts.push({
        text: c.text,
        lat: c.text_at[1],
        lon: c.text_at[0],
        position: "center",
        dot: false,
        cls: "fl-callout",
        leader: leader,
        mark: mark,
        at: [c.at[1], c.at[0]],
      });
    });
    var card = titleCard(d);
    control(map, "topleft", function () {
      return card;
    });
    L.control.scale({ metric: true, imperial: true, position: "bottomleft" }).addTo(map);
    if (d.inset) inset(map, d);
    control(map, "bottomleft", function () {
      return creditsBox(d);
    });
    // The page lays out and fits the view (the title card measured) before any held layer
    // is drawn, so each is drawn once, at the view the reader gets; then the labels (their
    // town dots paired with the data layers' markers) and the layer switcher (its boxes
    // ticked for the layers on the map). Labels are fitted after that, before the frame.
    var parts = { card: card, labels: null };
    window.frontline.page(map, d, parts);
    releaseHeld(map);
    labels.addTo(map);
    pairMarkers(map, texts);
    parts.labels = new Labels(texts).addTo(labels);
    var ov = overlays(map);
    if (ov.length > 1) {
      var entries = {};
      ov.forEach(function (pair) {
        entries[escapeText(pair[0])] = pair[1];
      });
      entries[escapeText(d.labels_title)] = labels;
      L.control.layers(null, entries, { collapsed: true, position: "topright" }).addTo(map);
    }
    container.setAttribute("data-fl-ready", "1");
  }

  /* Leaflet finds marker images through CSS URLs; ours are data: URIs, so name them. */
  function useInlineIcons(icons) {
    if (!icons || !L.Icon || !L.Icon.Default) return;
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: icons.icon,
      iconRetinaUrl: icons.icon2x,
      shadowUrl: icons.shadow,
    });
  }

  window.frontline = {
    layer: layer,
    timeline: timeline,
    gridPathText: gridPathText,
    furniture: furniture,
    readJSON: readJSON,
    decodeCoords: decodeCoords,
    useInlineIcons: useInlineIcons,
  };
})();
