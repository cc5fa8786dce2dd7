// The trends page's charts. The page is complete without this file: every chart has its
// summary and its table in the HTML. Here we fetch plotly.js when a chart comes onto the
// screen and draw each figure from its json_script element, painted with the theme's colours.
// plotly.js is a classic script of its own (static/vendor/plotly/), which sets window.Plotly.
// Each figure's config names the page's language (figure.config.locale), and the page holds
// that language's names of months and days (the json_script data-plotly-locale names), from
// Django's catalogues: plotly writes the dates of an axis with them, and fetches nothing.

import { configOf, loadPlotly } from "./plotly.js";

const CONFIG = {
  displayModeBar: false,
  // Not plotly's own "responsive": it lays every chart out again on any window resize,
  // which a phone fires whenever its address bar slides in or out while scrolling.
  responsive: false,
  scrollZoom: false,
  doubleClick: false,
  showTips: false,
  displaylogo: false,
};
const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

// Figures name a colour role per trace (meta.role); app.css defines --chart-<role> for
// light and dark, so a chart looks like the page around it.
function themed(figure) {
  const text = cssVar("--text");
  const muted = cssVar("--muted");
  const line = cssVar("--line");
  const layout = { ...figure.layout };
  layout.font = { ...layout.font, color: text };
  for (const name of ["xaxis", "yaxis"]) {
    layout[name] = { ...layout[name], gridcolor: line, linecolor: line, zerolinecolor: line };
  }
  if (layout.legend) layout.legend = { ...layout.legend, font: { color: text } };
  layout.shapes = (layout.shapes || []).map((shape) => ({
    ...shape,
    line: { ...shape.line, color: muted },
  }));
  layout.annotations = (layout.annotations || []).map((note) => ({
    ...note,
    font: { ...note.font, color: muted },
  }));
  const data = figure.data.map((trace) => {
    const colour = trace.meta?.role && cssVar(`--chart-${trace.meta.role}`);
    if (!colour) return trace;
    const painted = { ...trace };
    if (trace.line) painted.line = { ...trace.line, color: colour };
    if (trace.marker) painted.marker = { ...trace.marker, color: colour };
    if (trace.fillcolor) painted.fillcolor = colour;
    if (trace.error_x) painted.error_x = { ...trace.error_x, color: colour };
    if (trace.type === "bar") painted.textfont = { color: cssVar("--chart-on-bar") || text };
    return painted;
  });
  return { data, layout };
}

// A chart follows the width of its card (a phone turned on its side), nothing else.
const resizer =
  "ResizeObserver" in window
    ? new ResizeObserver((entries) => {
        for (const entry of entries) {
          const element = entry.target;
          const width = Math.round(entry.contentRect.width);
          if (!width || width === element.plottedWidth) continue;
          element.plottedWidth = width;
          if ("drawn" in element.dataset) window.Plotly.Plots.resize(element);
        }
      })
    : null;

async function draw(element) {
  const source = document.getElementById(element.dataset.figure);
  if (!source) return;
  const json = JSON.parse(source.textContent);
  const figure = themed(json);
  element.plottedWidth = Math.round(element.getBoundingClientRect().width);
  await window.Plotly.react(element, figure.data, figure.layout, configOf(json, CONFIG));
  element.dataset.drawn = "";
  resizer?.observe(element);
}

const charts = (scope) => Array.from(scope.querySelectorAll("[data-figure]"));

// Each chart is drawn as it comes within 100 px of the screen, in a task of its own, and
// plotly.js runs in a task before the first: a phone that never scrolls to the charts
// never downloads plotly.js, and no task holds the page up longer than one chart takes.
let observer = null;
let queue = [];
let drawing = false;
const nextTask = (callback) => setTimeout(callback, 0);

function drawNext() {
  const next = queue.shift();
  if (!next) {
    drawing = false;
    return;
  }
  // A chart that fails is reported (the rejection), and the others are still drawn.
  draw(next).finally(() => nextTask(drawNext));
}

function enqueue(element) {
  const holder = document.querySelector("[data-plotly-src]");
  if (!holder || queue.includes(element)) return;
  queue.push(element);
  if (drawing) return;
  drawing = true;
  // Let the words paint first; the bundle comes after.
  requestAnimationFrame(() => {
    nextTask(() => {
      loadPlotly(holder.dataset.plotlySrc).then(
        () => nextTask(drawNext),
        () => {
          drawing = false;
        },
      );
    });
  });
}

function drawWithin(scope) {
  const pending = charts(scope);
  if (scope.matches?.("[data-figure]")) pending.push(scope);
  if (!pending.length) return;
  if (!("IntersectionObserver" in window)) {
    pending.forEach(enqueue);
    return;
  }
  if (!observer) {
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          observer.unobserve(entry.target);
          enqueue(entry.target);
        }
      },
      { rootMargin: "100px 0px" },
    );
  }
  for (const element of pending) observer.observe(element);
}

function purgeWithin(scope) {
  if (!window.Plotly) return;
  for (const element of charts(scope)) {
    resizer?.unobserve(element);
    window.Plotly.purge(element);
  }
}

drawWithin(document);
// The range filter swaps #trends: draw the new charts, free the old ones.
document.addEventListener("htmx:load", (event) => {
  if (event.target !== document.body) drawWithin(event.target);
});
document.addEventListener("htmx:beforeSwap", (event) => {
  if (observer) {
    for (const element of charts(event.detail.target)) observer.unobserve(element);
  }
  queue = [];
  purgeWithin(event.detail.target);
});
// Back and forward fetch the whole page again (hx-history="false"): free the old charts.
document.addEventListener("htmx:historyCacheMissLoad", () => purgeWithin(document));
window.matchMedia?.("(prefers-color-scheme: dark)").addEventListener("change", () => {
  charts(document)
    .filter((element) => "drawn" in element.dataset)
    .forEach(enqueue);
});
