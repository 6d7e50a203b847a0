/* The ssrgraph view: labels that fit, a side panel of evidence, search, filters, focus and PNG export.
 *
 * Everything the page shows comes from the JSON blocks the template writes
 * (#ssr-data, #ssr-nodes, #ssr-edges, #ssr-options). Document-derived text
 * is only ever assigned with textContent, so markup in a source document is
 * shown as text and never run. window.ssrView exposes the state for tests.
 */
(function () {
  "use strict";

  function json(id) { return JSON.parse(document.getElementById(id).textContent); }

  var started = performance.now();
  var DATA = json("ssr-data");
  var ENTITIES = DATA.entities, DOCUMENTS = DATA.documents, STATEMENTS = DATA.statements, OMITTED = DATA.omitted;
  var SHAPE_GLYPHS = {dot: "\u25CF", diamond: "\u25C6", triangle: "\u25B2", star: "\u2605", square: "\u25A0",
                      triangleDown: "\u25BC", hexagon: "\u2B22"};
  var KIND_NAMES = {fact: "facts", negative: "negative", hedged: "hedged", prescribed: "prescribed"};
  var MAX_LABELS = 300;

  var nodes = new vis.DataSet(json("ssr-nodes"));
  var edges = new vis.DataSet(json("ssr-edges"));
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, json("ssr-options"));
  window.network = network;

  var NODE = {}, ORDER = [];
  nodes.forEach(function (n) { NODE[n.id] = n; ORDER.push(n.id); });
  ORDER.sort(function (a, b) { return NODE[a].rank - NODE[b].rank; });
  var EDGE = {};
  edges.forEach(function (e) { EDGE[e.id] = e; });
  var positions = network.getPositions();

  // ---- statements and filters -------------------------------------------------------------

  function kindOf(st) {
    if (st.polarity === "negative") { return "negative"; }
    return st.modality === "asserted" ? "fact" : st.modality;
  }

  function present(values) {
    var seen = {};
    values.forEach(function (v) { seen[v] = true; });
    return Object.keys(seen).sort();
  }

  var ALL = {
    cls: present(ORDER.map(function (id) { return NODE[id].cls; })),
    relation: present(edges.map(function (e) { return e.relation; })),
    sector: present([].concat.apply([], STATEMENTS.map(function (st) { return st.sectors; }).concat(
      ORDER.map(function (id) { return (ENTITIES[id] || {}).sectors || []; })))),
    document: present(STATEMENTS.map(function (st) { return st.document; })),
    kind: DATA.kinds.slice()
  };

  function initialState() {
    return {cls: new Set(ALL.cls), relation: new Set(ALL.relation), sector: new Set(ALL.sector),
            document: new Set(ALL.document), kind: new Set(DATA.show), yearFrom: null, yearTo: null, focus: null};
  }
  var state = initialState();

  function restricted(key) { return state[key].size < ALL[key].length; }

  function statementPasses(st) {
    if (!state.kind.has(kindOf(st))) { return false; }
    if (restricted("document") && !state.document.has(st.document)) { return false; }
    if (restricted("sector")) {
      var sectors = st.sectors.concat((ENTITIES[st.s] || {}).sectors || [], (ENTITIES[st.o] || {}).sectors || []);
      if (!sectors.some(function (s) { return state.sector.has(s); })) { return false; }
    }
    var first = st.years[0], last = st.years[1];
    if (state.yearFrom !== null && first !== null && (last === null ? false : last < state.yearFrom)) { return false; }
    if (state.yearTo !== null && first !== null && first > state.yearTo) { return false; }
    return true;
  }

  function edgePasses(e, ignoreFocus) {
    if (!state.relation.has(e.relation)) { return false; }
    if (!state.cls.has(NODE[e.from].cls) || !state.cls.has(NODE[e.to].cls)) { return false; }
    if (!ignoreFocus && state.focus && !(state.focus.has(e.from) && state.focus.has(e.to))) { return false; }
    if (e.st.length) { return e.st.some(function (i) { return statementPasses(STATEMENTS[i]); }); }
    return state.kind.has(e.kind) && !restricted("document") && !restricted("sector") &&
      state.yearFrom === null && state.yearTo === null;
  }

  var hiddenNodes = new Set();

  function apply() {
    var shownNodes = new Set(), edgeUpdates = [], nodeUpdates = [], shownEdges = 0;
    edges.forEach(function (e) {
      var show = edgePasses(e, false);
      if (show) { shownNodes.add(e.from); shownNodes.add(e.to); shownEdges++; }
      if (!!e.hidden === show) { edgeUpdates.push({id: e.id, hidden: !show}); }
    });
    hiddenNodes = new Set();
    ORDER.forEach(function (id) {
      var show = shownNodes.has(id);
      if (!show) { hiddenNodes.add(id); }
      if (!!nodes.get(id).hidden === show) { nodeUpdates.push({id: id, hidden: !show}); }
    });
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    ["cls", "relation", "sector", "document", "kind"].forEach(function (key) {
      var box = document.getElementById("ssr-filter-" + (key === "cls" ? "class" : key));
      if (key === "kind" ? !sameSet(state.kind, new Set(DATA.show)) : restricted(key)) {
        box.setAttribute("data-active", "");
      } else { box.removeAttribute("data-active"); }
    });
    legend();
    status(shownNodes.size + " actors, " + shownEdges + " links shown" + (state.focus ? " (focused)" : ""));
  }

  /* After a filter change, frame what is left to see. */
  function fitShown() {
    var shown = ORDER.filter(function (id) { return !hiddenNodes.has(id); });
    if (shown.length) { network.fit({nodes: shown, animation: false}); }
  }

  function sameSet(a, b) { return a.size === b.size && Array.from(a).every(function (v) { return b.has(v); }); }

  function status(text) { document.getElementById("ssr-status").textContent = text; }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  function checkboxes(key, names, swatch) {
    var box = document.querySelector("#ssr-filter-" + (key === "cls" ? "class" : key) + " .ssr-options");
    var all = el("div", null, "ssr-all");
    [["all", function () { return new Set(ALL[key]); }], ["none", function () { return new Set(); }]].forEach(function (pair) {
      var button = el("button", pair[0], "ssr-link");
      button.type = "button";
      button.setAttribute("data-" + pair[0], key);
      button.addEventListener("click", function () { state[key] = pair[1](); sync(key); apply(); fitShown(); });
      all.appendChild(button);
    });
    box.appendChild(all);
    ALL[key].forEach(function (value) {
      var label = el("label"), input = el("input");
      input.type = "checkbox";
      input.value = value;
      input.name = key;
      input.addEventListener("change", function () {
        if (input.checked) { state[key].add(value); } else { state[key].delete(value); }
        apply();
        fitShown();
      });
      label.appendChild(input);
      if (swatch) { label.appendChild(swatch(value)); }
      label.appendChild(document.createTextNode(" " + (names ? names(value) : value)));
      box.appendChild(label);
    });
    sync(key);
  }

  function sync(key) {
    document.querySelectorAll('input[name="' + key + '"]').forEach(function (input) {
      input.checked = state[key].has(input.value);
    });
  }

  function classSwatch(cls) {
    var style = DATA.classStyle[cls] || ["#999", "dot"];
    var span = el("span", SHAPE_GLYPHS[style[1]] || "\u25CF");
    span.style.color = style[0];
    return span;
  }

  function relationSwatch(relation) {
    var span = el("span", null, "ssr-swatch");
    span.style.background = DATA.relationColours[relation] || "#999";
    return span;
  }

  function legend() {
    var box = document.getElementById("ssr-legend");
    box.textContent = "";
    box.appendChild(el("strong", "Legend"));
    var classes = new Set(), relations = new Set(), dashed = false;
    ORDER.forEach(function (id) { if (!hiddenNodes.has(id)) { classes.add(NODE[id].cls); } });
    edges.forEach(function (e) {
      if (!e.hidden) { relations.add(e.relation); if (e.kind !== "fact") { dashed = true; } }
    });
    Array.from(classes).sort().forEach(function (cls) {
      var row = el("div", null, "ssr-legend-class");
      row.setAttribute("data-class", cls);
      row.appendChild(classSwatch(cls));
      row.appendChild(document.createTextNode(" " + cls));
      box.appendChild(row);
    });
    Array.from(relations).sort().forEach(function (relation) {
      var row = el("div", null, "ssr-legend-relation"), line = el("span", null, "ssr-line");
      row.setAttribute("data-relation", relation);
      line.style.borderTopColor = DATA.relationColours[relation] || "#999";
      row.appendChild(line);
      row.appendChild(document.createTextNode(relation));
      box.appendChild(row);
    });
    if (dashed) {
      var row = el("div"), line = el("span", null, "ssr-line ssr-dashed");
      line.style.borderTopColor = "#666";
      row.appendChild(line);
      row.appendChild(document.createTextNode("negative, hedged or prescribed"));
      box.appendChild(row);
    }
    box.appendChild(el("div", "size: centrality (PageRank)", "ssr-meta"));
  }

  // ---- labels: the most central first, each only where it fits --------------------------------

  var drawnLabels = [], firstPaint = null;

  function overlaps(a, boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) { return true; }
    }
    return false;
  }

  /* The screen box of an element drawn over the canvas (the legend), so that no label hides under it. */
  function obstacle(id, canvas) {
    var element = document.getElementById(id), frame = canvas.getBoundingClientRect();
    var box = element.getBoundingClientRect();
    return {x: box.left - frame.left, y: box.top - frame.top, w: box.width, h: box.height};
  }

  /* The first place round a node where a w x h label overlaps none drawn: below, above, right, left, then
   * the same a line or two further out (such a label gets a leader line to its node). */
  function place(at, w, h, r, boxes) {
    for (var step = 0; step < 3; step++) {
      var gap = step * (h + 2), candidates = [
        {x: at.x - w / 2, y: at.y + r + 1 + gap}, {x: at.x - w / 2, y: at.y - r - h - 1 - gap},
        {x: at.x + r + 2, y: at.y - h / 2 + gap}, {x: at.x - r - w - 2, y: at.y - h / 2 + gap},
        {x: at.x + r + 2, y: at.y - h / 2 - gap}, {x: at.x - r - w - 2, y: at.y - h / 2 - gap}];
      for (var i = 0; i < candidates.length; i++) {
        var box = {x: candidates[i].x, y: candidates[i].y, w: w, h: h, far: step > 0};
        if (!overlaps(box, boxes)) { return box; }
      }
    }
    return null;
  }

  network.on("afterDrawing", function (ctx) {
    var canvas = ctx.canvas, width = canvas.clientWidth, height = canvas.clientHeight;
    var ratio = canvas.width / width, scale = network.getScale(), boxes = [obstacle("ssr-legend", canvas)];
    drawnLabels = [];
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    for (var i = 0; i < ORDER.length && drawnLabels.length < MAX_LABELS; i++) {
      var id = ORDER[i];
      if (hiddenNodes.has(id)) { continue; }
      var at = network.canvasToDOM(positions[id]);
      if (at.x < -100 || at.y < -40 || at.x > width + 100 || at.y > height + 40) { continue; }
      var node = NODE[id], text = ENTITIES[id].label;
      var size = Math.round(11 + 6 * Math.sqrt(node.weight)) + (node.rank < 10 ? 1 : 0);
      ctx.font = (node.rank < 10 ? "600 " : "") + size + "px system-ui, sans-serif";
      var w = ctx.measureText(text).width, r = node.size * scale;
      var box = place(at, w + 6, size + 3, r, boxes);
      if (!box) { continue; }
      boxes.push(box);
      if (box.far) {
        ctx.strokeStyle = "rgba(80,80,80,0.6)";
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(at.x, at.y);
        ctx.lineTo(Math.min(Math.max(at.x, box.x), box.x + box.w), Math.min(Math.max(at.y, box.y), box.y + box.h));
        ctx.stroke();
      }
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(text, box.x + box.w / 2, box.y + 1);
      ctx.fillStyle = "#1a1a1a";
      ctx.fillText(text, box.x + box.w / 2, box.y + 1);
      drawnLabels.push(id);
    }
    ctx.restore();
    if (firstPaint === null) { firstPaint = performance.now(); }
  });

  network.on("dragEnd", function () { positions = network.getPositions(); });

  // ---- the side panel ---------------------------------------------------------------------

  var panel = document.getElementById("ssr-panel"), body = document.getElementById("ssr-panel-body");

  function label(id) { return (ENTITIES[id] || {}).label || id; }

  function entityLink(id) {
    var link = el("button", label(id), "ssr-link");
    link.type = "button";
    link.addEventListener("click", function () { select(id); });
    return link;
  }

  function statementItem(st) {
    var item = el("li", null, "ssr-statement"), kind = kindOf(st), head = el("div");
    if (kind !== "fact") { head.appendChild(el("span", kind, "ssr-mark ssr-mark-" + kind)); }
    if (st.review) {
      head.appendChild(el("span", st.review.decision + " by " + st.review.by, "ssr-mark ssr-mark-review"));
    }
    head.appendChild(entityLink(st.s));
    head.appendChild(document.createTextNode(" " + st.p + " "));
    head.appendChild(entityLink(st.o));
    item.appendChild(head);
    item.appendChild(el("blockquote", st.sentence));
    var source = [(DOCUMENTS[st.document] || {}).title || st.document];
    if (st.time) { source.push(st.time); }
    if (st.amount !== null) { source.push((st.currency ? st.currency + " " : "") + st.amount.toLocaleString("en")); }
    if (st.sectors.length) { source.push("sectors: " + st.sectors.join(", ")); }
    source.push(st.method === "analyst" ? "stated by an analyst" : "found by " + st.method);
    item.appendChild(el("div", source.join(" \u00B7 "), "ssr-source"));
    return item;
  }

  function statementList(list) {
    var ul = el("ul");
    list.forEach(function (st) { ul.appendChild(statementItem(st)); });
    return ul;
  }

  function nonFacts(list) {
    var box = el("section", null, "ssr-nonfacts");
    box.appendChild(el("h3", "Negative, hedged and prescribed statements (" + list.length + ")"));
    box.appendChild(statementList(list));
    return box;
  }

  function open(kind, id) {
    panel.hidden = false;
    panel.setAttribute("data-kind", kind);
    panel.setAttribute("data-id", id);
    body.scrollTop = 0;
    network.redraw();
  }

  function openNode(id) {
    var entity = ENTITIES[id] || {label: id, cls: "", aliases: [], sectors: [], documents: []};
    body.textContent = "";
    body.appendChild(el("h2", entity.label));
    body.appendChild(el("div", entity.cls, "ssr-meta ssr-class"));
    if (entity.aliases.length) { body.appendChild(el("div", "Also called: " + entity.aliases.join("; "), "ssr-meta")); }
    if (entity.sectors.length) { body.appendChild(el("div", "Sectors: " + entity.sectors.join(", "), "ssr-meta")); }
    if (entity.documents.length) {
      var count = entity.documentCount || entity.documents.length;
      body.appendChild(el("h3", "Named in " + count + " document(s)"));
      var docs = el("ul");
      entity.documents.forEach(function (d) { docs.appendChild(el("li", (DOCUMENTS[d] || {}).title || d)); });
      body.appendChild(docs);
      if (count > entity.documents.length) {
        body.appendChild(el("div", "and " + (count - entity.documents.length) + " more: ssrgraph query " +
          "documents-mentioning --bind entity=" + id, "ssr-meta ssr-more"));
      }
    }
    var facts = {}, others = [];
    STATEMENTS.forEach(function (st) {
      if (st.s !== id && st.o !== id) { return; }
      if (kindOf(st) !== "fact") { others.push(st); return; }
      var key = (st.s === id ? "out" : "in") + " " + st.p;
      (facts[key] = facts[key] || []).push(st);
    });
    var keys = Object.keys(facts).sort(function (a, b) {
      return a.split(" ")[1].localeCompare(b.split(" ")[1]) || a.localeCompare(b);
    });
    body.appendChild(el("h3", "Relations (" + keys.reduce(function (n, k) { return n + facts[k].length; }, 0) +
      " statements)"));
    keys.forEach(function (key) {
      var parts = key.split(" "), group = el("section", null, "ssr-group");
      group.setAttribute("data-relation", parts[1]);
      group.setAttribute("data-direction", parts[0]);
      group.appendChild(el("h4", parts[0] === "out" ? entity.label + " " + parts[1] + " \u2192"
                                                    : "\u2190 " + parts[1] + " " + entity.label));
      group.appendChild(statementList(facts[key]));
      body.appendChild(group);
    });
    if (others.length) { body.appendChild(nonFacts(others)); }
    open("node", id);
  }

  function openEdge(edgeId) {
    var e = EDGE[edgeId], related = STATEMENTS.filter(function (st) {
      return st.s === e.from && st.o === e.to && st.p === e.relation;
    });
    body.textContent = "";
    body.appendChild(el("h2", label(e.from) + " " + e.relation + " " + label(e.to)));
    var facts = related.filter(function (st) { return kindOf(st) === "fact"; });
    var others = related.filter(function (st) { return kindOf(st) !== "fact"; });
    var more = OMITTED[e.from + " " + e.relation + " " + e.to + " fact"] || 0;
    body.appendChild(el("h3", (facts.length + more) + " statement(s) of fact"));
    body.appendChild(statementList(facts));
    if (more) {
      body.appendChild(el("div", "and " + more + " more in the store: ssrgraph query edge-evidence --bind subject=" +
        e.from + " --bind object=" + e.to, "ssr-meta ssr-more"));
    }
    if (others.length) { body.appendChild(nonFacts(others)); }
    open("edge", edgeId);
  }

  document.getElementById("ssr-panel-close").addEventListener("click", function () {
    panel.hidden = true;
    network.redraw();
  });

  network.on("click", function (params) {
    if (params.nodes.length) { openNode(params.nodes[0]); } else if (params.edges.length) { openEdge(params.edges[0]); }
  });

  // ---- search, focus, reset, picture ------------------------------------------------------

  var names = document.getElementById("ssr-names");
  ORDER.forEach(function (id) {
    [ENTITIES[id].label].concat(ENTITIES[id].aliases || []).forEach(function (name) {
      var option = el("option");
      option.value = name;
      names.appendChild(option);
    });
  });

  function find(query) {
    var q = query.trim().toLocaleLowerCase();
    if (!q) { return null; }
    var tests = [function (n) { return n === q; }, function (n) { return n.indexOf(q) === 0; },
                 function (n) { return n.indexOf(q) >= 0; }];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < ORDER.length; i++) {
        var entity = ENTITIES[ORDER[i]];
        if ([entity.label].concat(entity.aliases || []).some(function (n) { return tests[t](n.toLocaleLowerCase()); })) {
          return ORDER[i];
        }
      }
    }
    return null;
  }

  function select(id) {
    if (hiddenNodes.has(id)) {
      state = initialState();
      ["cls", "relation", "sector", "document", "kind"].forEach(sync);
      apply();
    }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    openNode(id);
  }

  document.getElementById("ssr-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("ssr-search").value, found = find(query);
    if (found) { select(found); } else { status("no actor matches \u201C" + query + "\u201D"); }
  });

  function neighbourhood(centre, depth) {
    var seen = new Set([centre]), frontier = [centre];
    for (var step = 0; step < depth; step++) {
      var next = [];
      edges.forEach(function (e) {
        if (!edgePasses(e, true)) { return; }
        frontier.forEach(function (n) {
          var other = e.from === n ? e.to : e.to === n ? e.from : null;
          if (other !== null && !seen.has(other)) { seen.add(other); next.push(other); }
        });
      });
      frontier = next;
    }
    return seen;
  }

  document.getElementById("ssr-focus").addEventListener("click", function () {
    var selected = network.getSelectedNodes();
    if (!selected.length) { status("select an actor first (click it or search for it)"); return; }
    state.focus = neighbourhood(selected[0], parseInt(document.getElementById("ssr-depth").value, 10));
    apply();
    network.fit({nodes: Array.from(state.focus), animation: false});
  });

  function reset() {
    state = initialState();
    ["cls", "relation", "sector", "document", "kind"].forEach(sync);
    document.getElementById("ssr-year-from").value = "";
    document.getElementById("ssr-year-to").value = "";
    network.unselectAll();
    panel.hidden = true;
    apply();
    network.fit({animation: false});
  }
  document.getElementById("ssr-reset").addEventListener("click", reset);

  function pngDataURL() {
    var canvas = container.querySelector("canvas"), copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    var ctx = copy.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(canvas, 0, 0);
    return copy.toDataURL("image/png");
  }

  document.getElementById("ssr-png").addEventListener("click", function () {
    var link = document.createElement("a");
    link.download = "ssrgraph-view.png";
    link.href = pngDataURL();
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  ["ssr-year-from", "ssr-year-to"].forEach(function (inputId) {
    document.getElementById(inputId).addEventListener("input", function (event) {
      var value = event.target.value === "" ? null : parseInt(event.target.value, 10);
      state[inputId === "ssr-year-from" ? "yearFrom" : "yearTo"] = isNaN(value) ? null : value;
      apply();
      fitShown();
    });
  });
  var allYears = [].concat.apply([], STATEMENTS.map(function (st) { return st.years; })).filter(function (y) {
    return y !== null;
  });
  if (allYears.length) {
    document.getElementById("ssr-year-from").placeholder = Math.min.apply(null, allYears);
    document.getElementById("ssr-year-to").placeholder = Math.max.apply(null, allYears);
  }

  // close an open filter list when another opens or the user clicks elsewhere
  document.querySelectorAll(".ssr-filter").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (details.open) {
        document.querySelectorAll(".ssr-filter").forEach(function (other) { if (other !== details) { other.open = false; } });
      }
    });
  });
  container.addEventListener("mousedown", function () {
    document.querySelectorAll(".ssr-filter").forEach(function (d) { d.open = false; });
  });

  checkboxes("cls", null, classSwatch);
  checkboxes("relation", null, relationSwatch);
  checkboxes("sector");
  checkboxes("document", function (d) { return (DOCUMENTS[d] || {}).title || d; });
  checkboxes("kind", function (k) { return KIND_NAMES[k] || k; });
  apply();
  network.fit({animation: false});

  window.ssrView = {
    network: network, select: select, find: find, reset: reset, pngDataURL: pngDataURL,
    drawnLabels: function () { return drawnLabels.slice(); },
    shownEdges: function () { return edges.get({filter: function (e) { return !e.hidden; }}); },
    shownNodes: function () { return ORDER.filter(function (id) { return !hiddenNodes.has(id); }); },
    state: function () { return state; },
    firstPaintMs: function () { return firstPaint; }
  };
})();
