/* frontline map furniture. Every string from a recipe or layer arrives as JSON inside a
 * script element of type application/json and is put on the page with textContent (or, for
 * Leaflet's layer switcher, which only takes HTML, escaped first). Nothing here builds HTML
 * from data. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";

  function readJSON(id) {
    var el = document.getElementById(id);
    return JSON.parse(el.textContent);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
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

  /* An SVG pattern fill for contested areas: thin lines of the fill colour over a tint. */
  function hatchPattern(id, kind, color, opacity) {
    var defs = hatchDefs();
    if (document.getElementById(id)) return "url(#" + id + ")";
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
    defs.appendChild(p);
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

  /* Draw one GeoJSON layer: paths get the classes fl-layer and fl-layer-<id>. */
  function layer(map, dataId, opts) {
    var data = readJSON(dataId);
    var cls = "fl-layer fl-layer-" + opts.cls;
    var style = pathStyle(opts.style || {}, cls);
    var group = L.geoJSON(data, {
      style: function () {
        return style;
      },
      className: cls,
      interactive: !!opts.tooltip,
      pointToLayer: function (feature, latlng) {
        var s = L.extend({}, style, {
          radius: opts.style && opts.style.radius ? opts.style.radius : 4,
          fill: true,
          fillOpacity: 1,
        });
        return L.circleMarker(latlng, s);
      },
      onEachFeature: function (feature, lyr) {
        var props = feature.properties || {};
        if (opts.tooltip && props[opts.tooltip] !== undefined && props[opts.tooltip] !== null) {
          lyr.bindTooltip(el("span", "fl-tip", props[opts.tooltip]), { sticky: true });
        }
      },
    });
    group.addTo(map);
    if (opts.switcher) overlays(map).push([opts.label, group]);
    return group;
  }

  function labelAnchor(position) {
    return { right: "right", left: "left", top: "top", bottom: "bottom", center: "center" }[
      position
    ] || "right";
  }

  function addLabel(map, item, target) {
    var offsets = { right: [6, 0], left: [-6, 0], top: [0, -6], bottom: [0, 6], center: [0, 0] };
    var dot = L.circleMarker([item.lat, item.lon], {
      radius: item.dot ? 3 : 0,
      weight: item.dot ? 1 : 0,
      color: "#ffffff",
      fillColor: "#222222",
      fillOpacity: item.dot ? 1 : 0,
      interactive: false,
      className: "fl-label-dot",
    });
    dot.bindTooltip(el("span", null, item.text), {
      permanent: true,
      direction: labelAnchor(item.position),
      offset: offsets[item.position] || [6, 0],
      className: "fl-label " + (item.kind || ""),
      interactive: false,
    });
    dot.addTo(target);
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

  function titleCard(d) {
    var box = el("div", "fl-card fl-title-card");
    box.appendChild(el("h1", "fl-title", d.text.title));
    if (d.text.dek) box.appendChild(el("p", "fl-dek", d.text.dek));
    if (d.legend.length) {
      var ul = el("ul", "fl-legend");
      ul.setAttribute("aria-label", "Legend");
      d.legend.forEach(function (item) {
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
    return box;
  }

  /* Notes and sources fold into a native <details> so they never hide the map. */
  function creditsBox(d) {
    var box = el("details", "fl-card fl-credits");
    box.appendChild(el("summary", "fl-credits-summary", "Sources and notes"));
    d.text.notes.forEach(function (n) {
      box.appendChild(el("p", "fl-note", n));
    });
    var p = el("p", "fl-credit-line");
    p.appendChild(el("strong", null, "Sources: "));
    p.appendChild(document.createTextNode(d.credits.join(" · ")));
    box.appendChild(p);
    return box;
  }

  function inset(map, d) {
    var holder = el("div", "fl-card fl-inset");
    holder.setAttribute("aria-hidden", "true");
    var c = control(map, "bottomright", function () {
      return holder;
    });
    var mini = L.map(holder, {
      attributionControl: false,
      zoomControl: false,
      dragging: false,
      scrollWheelZoom: false,
      doubleClickZoom: false,
      boxZoom: false,
      keyboard: false,
      touchZoom: false,
      zoomSnap: 0,
    });
    L.geoJSON(readJSON(d.inset.data), {
      style: function () {
        return {
          className: "fl-inset-country",
          color: "#9a9a9a",
          weight: 0.5,
          fillColor: "#e4e0d8",
          fillOpacity: 1,
          interactive: false,
        };
      },
    }).addTo(mini);
    var b = d.inset.bounds;
    mini.fitBounds([[b[0][1], b[0][0]], [b[1][1], b[1][0]]], { animate: false });
    var box = L.rectangle(map.getBounds(), {
      className: "fl-inset-box",
      color: "#b2182b",
      weight: 1.5,
      fillOpacity: 0.15,
      interactive: false,
    }).addTo(mini);
    map.on("moveend zoomend", function () {
      box.setBounds(map.getBounds());
    });
    return c;
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
    container.setAttribute("role", "region");

    var labels = L.layerGroup().addTo(map);
    d.labels.forEach(function (item) {
      addLabel(map, item, labels);
    });
    d.callouts.forEach(function (c) {
      L.polyline(
        [
          [c.text_at[1], c.text_at[0]],
          [c.at[1], c.at[0]],
        ],
        { className: "fl-callout-line", color: "#222222", weight: 1, interactive: false }
      ).addTo(labels);
      L.circleMarker([c.at[1], c.at[0]], {
        className: "fl-callout-dot",
        radius: 3,
        color: "#222222",
        weight: 1,
        fillColor: "#ffffff",
        fillOpacity: 1,
        interactive: false,
      }).addTo(labels);
      L.tooltip({
        permanent: true,
        direction: "center",
        className: "fl-callout",
        interactive: false,
      })
        .setLatLng([c.text_at[1], c.text_at[0]])
        .setContent(el("span", null, c.text))
        .addTo(map);
    });

    control(map, "topleft", function () {
      return titleCard(d);
    });
    L.control.scale({ metric: true, imperial: true, position: "bottomleft" }).addTo(map);
    var ov = overlays(map);
    if (ov.length > 1) {
      var entries = {};
      ov.forEach(function (pair) {
        entries[escapeText(pair[0])] = pair[1];
      });
      entries[escapeText(d.labels_title)] = labels;
      L.control.layers(null, entries, { collapsed: true, position: "topright" }).addTo(map);
    }
    if (d.inset) inset(map, d);
    control(map, "bottomleft", function () {
      return creditsBox(d);
    });
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
    furniture: furniture,
    readJSON: readJSON,
    useInlineIcons: useInlineIcons,
  };
})();
