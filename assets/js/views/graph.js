// The graph page: an interactive SVG of a course's prerequisites and what it
// leads to, with zoom, a legend and a list that carries the same content
// for keyboard and screen-reader users.

import { get } from "../api.js";
import { append, courseLink, errorBox, h, loading, replace, s } from "../dom.js";
import { codeSlug, coursePath, parseCode, plural } from "../format.js";
import { columnLabel, edgePath, layoutGraph, NODE_HEIGHT, NODE_WIDTH } from "../graph-layout.js";
import { setQuery } from "../router.js";

const DIRECTIONS = { both: "Both ways", prereqs: "Prerequisites only", postreqs: "What it leads to only" };
const GROUP_WORDS = { all: "required (all of)", leaf: "required (the only course)", any: "one of several", n_of: "some of several" };
const ZOOM_STEP = 1.25;

/** Renders `/graph/{code}`. */
export async function render({ params, query, container, signal }) {
  const code = parseCode(params.code) ?? params.code;
  const settings = {
    direction: DIRECTIONS[query.get("direction")] ? query.get("direction") : "both",
    depth: clampDepth(query.get("depth")),
  };
  const heading = h("h1", {}, `Requisite graph of ${code}`);
  const body = h("div", {});
  append(container, heading, h("p", { class: "subtitle" }, courseLink(code, `Open the ${code} course page`)), toolbar(settings, () => {
    setQuery({ direction: settings.direction === "both" ? null : settings.direction, depth: settings.depth === 2 ? null : settings.depth });
    draw();
  }), legend(), body);

  async function draw(outerSignal) {
    replace(body, loading("Loading the graph…"));
    try {
      const graph = await get(`graph?course=${encodeURIComponent(codeSlug(code))}&direction=${settings.direction}&depth=${settings.depth}`, outerSignal ?? signal);
      heading.textContent = `Requisite graph of ${graph.course}`;
      replace(body, drawing(graph), textAlternative(graph));
    } catch (error) {
      if (error.name === "AbortError") {
        if (outerSignal) throw error;
        return;
      }
      const suggestions = error.body?.suggestions ?? [];
      replace(body, errorBox(error, () => draw()),
        suggestions.length ? h("p", {}, "Did you mean: ", suggestions.map((suggestion, i) => [i ? ", " : "", h("a", { href: `/graph/${codeSlug(suggestion)}` }, suggestion)])) : null);
    }
  }
  await draw(signal);
  return { title: `Graph of ${code}` };
}

function clampDepth(value) {
  const depth = Number.parseInt(value ?? "2", 10);
  return Number.isFinite(depth) ? Math.min(4, Math.max(1, depth)) : 2;
}

function toolbar(settings, onChange) {
  const direction = h("select", { id: "graph-direction", onchange: (event) => { settings.direction = event.target.value; onChange(); } },
    Object.entries(DIRECTIONS).map(([value, label]) => h("option", { value, selected: value === settings.direction }, label)));
  const depth = h("select", { id: "graph-depth", onchange: (event) => { settings.depth = Number(event.target.value); onChange(); } },
    [1, 2, 3, 4].map((value) => h("option", { value: String(value), selected: value === settings.depth }, plural(value, "step"))));
  return h("div", { class: "graph-toolbar" },
    h("div", { class: "field" }, h("label", { for: "graph-direction" }, "Direction"), direction),
    h("div", { class: "field" }, h("label", { for: "graph-depth" }, "Depth"), depth));
}

function legend() {
  const sample = (className) => s("svg", { width: 46, height: 12, "aria-hidden": "true" }, s("path", { d: "M2,6 L44,6", class: `graph-edge ${className}` }));
  return h("ul", { class: "legend", "aria-label": "Legend" },
    h("li", {}, sample("kind-all"), "Required: solid line"),
    h("li", {}, sample("kind-any"), "One of several: dashed line"),
    h("li", {}, sample("kind-n_of"), "Some of several (n of): dotted line"),
    h("li", {}, sample("kind-all corequisite"), "Corequisite: orange line"),
    h("li", {}, "Arrows point from the course you take first."));
}

/** Draws the SVG inside a scrollable, zoomable frame. */
function drawing(graph) {
  const nodes = graph.nodes ?? [];
  const codes = new Set(nodes.map((node) => node.code));
  const edges = (graph.edges ?? []).filter((edge) => codes.has(edge.from) && codes.has(edge.to) && edge.kind !== "antirequisite");
  const layout = layoutGraph(nodes, edges);
  let scale = 1;

  const edgeElements = edges.map((edge) => {
    const kind = GROUP_WORDS[edge.group_kind] ? edge.group_kind : "all";
    const grade = edge.min_grade != null ? `, minimum grade ${edge.min_grade}%` : "";
    return s("path", {
      d: edgePath(layout.positions.get(edge.from), layout.positions.get(edge.to)),
      class: `graph-edge kind-${kind === "leaf" ? "all" : kind} ${edge.kind}`,
      "marker-end": `url(#arrow-${edge.kind === "corequisite" ? "coreq" : kind === "leaf" ? "all" : kind})`,
      dataset: { from: edge.from, to: edge.to },
    }, s("title", {}, `${edge.from} → ${edge.to}: ${edge.kind}, ${GROUP_WORDS[kind]}${grade}`));
  });

  const nodeElements = nodes.map((node) => {
    const at = layout.positions.get(node.code);
    const title = node.title ?? "Not in this index";
    const classes = ["graph-node", node.distance === 0 ? "centre" : "", node.title ? "" : "missing"].join(" ");
    // A course the index does not have gets no link, because its page would be a not-found page.
    const attributes = node.title ? { href: coursePath(node.code) } : { role: "img" };
    return s(node.title ? "a" : "g", { ...attributes, class: classes, "aria-label": `${node.code}: ${title}`, dataset: { code: node.code } },
      s("title", {}, `${node.code}: ${title}`),
      s("rect", { x: at.x, y: at.y, width: NODE_WIDTH, height: NODE_HEIGHT, rx: 6 }),
      s("text", { x: at.x + 8, y: at.y + 18, class: "node-code" }, node.code),
      s("text", { x: at.x + 8, y: at.y + 36 }, shorten(title, 23)));
  });

  const labels = layout.columns.map((column) => s("text", { x: column.x, y: 34, class: "column-label" }, `${columnLabel(column.distance)} · ${column.count}`));
  const svg = s("svg", {
    viewBox: `0 0 ${layout.width} ${layout.height}`, width: layout.width, height: layout.height,
    role: "group", "aria-label": `Requisite graph of ${graph.course}: ${plural(nodes.length, "course")}, ${plural(edges.length, "link")}`,
  }, markers(), labels, s("g", {}, edgeElements), s("g", {}, nodeElements));
  const frame = h("div", { class: "graph-frame" }, svg);

  function zoom(factor) {
    scale = factor === null ? Math.min(1, frame.clientWidth / layout.width) : Math.min(3, Math.max(0.25, scale * factor));
    svg.setAttribute("width", String(Math.round(layout.width * scale)));
    svg.setAttribute("height", String(Math.round(layout.height * scale)));
  }
  frame.addEventListener("wheel", (event) => {
    if (!event.ctrlKey) return;
    event.preventDefault();
    zoom(event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
  }, { passive: false });
  highlightOnHover(svg, edgeElements);

  const zoomBar = h("div", { class: "actions", role: "group", "aria-label": "Zoom" },
    h("button", { type: "button", class: "button secondary small", onclick: () => zoom(ZOOM_STEP) }, "Zoom in"),
    h("button", { type: "button", class: "button secondary small", onclick: () => zoom(1 / ZOOM_STEP) }, "Zoom out"),
    h("button", { type: "button", class: "button secondary small", onclick: () => zoom(null) }, "Fit to width"),
    h("span", { class: "hint" }, "Ctrl + scroll also zooms. Tab moves through the courses; Enter opens one."));
  return [
    graph.truncated ? h("p", { class: "state state-warning" }, "This neighbourhood is too large to show whole; it was cut short. Pick fewer steps or one direction.") : null,
    zoomBar, frame,
  ];
}

function markers() {
  const colours = { all: "#5a6675", any: "#1f6fb2", n_of: "#7b3fa0", coreq: "#b35900" };
  return s("defs", {}, Object.entries(colours).map(([name, colour]) =>
    s("marker", { id: `arrow-${name}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
      s("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }))));
}

/** Emphasises the edges of the node under the pointer or keyboard focus. */
function highlightOnHover(svg, edgeElements) {
  const set = (code) => {
    for (const edge of edgeElements) {
      const touches = code && (edge.dataset.from === code || edge.dataset.to === code);
      edge.classList.toggle("highlight", Boolean(touches));
      edge.classList.toggle("faded", Boolean(code) && !touches);
    }
  };
  for (const type of ["mouseover", "focusin"]) svg.addEventListener(type, (event) => set(event.target.closest?.(".graph-node")?.dataset.code));
  for (const type of ["mouseleave", "focusout"]) svg.addEventListener(type, () => set(null));
}

function shorten(text, length) {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** Lists the same neighbourhood by distance, for readers who cannot use the drawing. */
function textAlternative(graph) {
  const byDistance = new Map();
  for (const node of graph.nodes ?? []) {
    if (!byDistance.has(node.distance)) byDistance.set(node.distance, []);
    byDistance.get(node.distance).push(node);
  }
  const distances = [...byDistance.keys()].filter((distance) => distance !== 0).sort((a, b) => a - b);
  return h("details", { class: "card" }, h("summary", {}, "The same courses as a list"),
    distances.map((distance) => h("section", {},
      h("h3", {}, columnLabel(distance)),
      h("ul", { class: "plain-list result-list" }, byDistance.get(distance).map((node) => h("li", {}, courseLink(node.code), node.title ?? "Not in this index"))))));
}
