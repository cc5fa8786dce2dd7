// The trends page's charts. The page is complete without this file: every chart has its
// summary and its table in the HTML. Here we fetch plotly.js when a chart comes onto the
// screen and draw each figure from its json_script element, painted with the theme's colours.
"use strict";

(function () {
  var CONFIG = {
    displayModeBar: false,
    // Not plotly's own "responsive": it lays every chart out again on any window resize,
    // which a phone fires whenever its address bar slides in or out while scrolling.
    responsive: false,
    scrollZoom: false,
    doubleClick: false,
    showTips: false,
    displaylogo: false,
  };
  var loading = null;

  function loadPlotly(src) {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function (error) {
          loading = null; // a chart that comes into view later tries again
          reject(error);
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  // Figures name a colour role per trace (meta.role); app.css defines --chart-<role> for
  // light and dark, so a chart looks like the page around it.
  function themed(figure) {
    var text = cssVar("--text");
    var muted = cssVar("--muted");
    var line = cssVar("--line");
    var layout = Object.assign({}, figure.layout);
    layout.font = Object.assign({}, layout.font, { color: text });
    ["xaxis", "yaxis"].forEach(function (name) {
      layout[name] = Object.assign({}, layout[name], {
        gridcolor: line,
        linecolor: line,
        zerolinecolor: line,
      });
    });
    if (layout.legend) layout.legend = Object.assign({}, layout.legend, { font: { color: text } });
    layout.shapes = (layout.shapes || []).map(function (shape) {
      return Object.assign({}, shape, { line: Object.assign({}, shape.line, { color: muted }) });
    });
    layout.annotations = (layout.annotations || []).map(function (note) {
      return Object.assign({}, note, { font: Object.assign({}, note.font, { color: muted }) });
    });
    var data = figure.data.map(function (trace) {
      var colour = trace.meta && trace.meta.role && cssVar("--chart-" + trace.meta.role);
      if (!colour) return trace;
      var painted = Object.assign({}, trace);
      if (trace.line) painted.line = Object.assign({}, trace.line, { color: colour });
      if (trace.marker) painted.marker = Object.assign({}, trace.marker, { color: colour });
      if (trace.fillcolor) painted.fillcolor = colour;
      if (trace.error_x) painted.error_x = Object.assign({}, trace.error_x, { color: colour });
      if (trace.type === "bar") painted.textfont = { color: cssVar("--chart-on-bar") || text };
      return painted;
    });
    return { data: data, layout: layout };
  }

  // A chart follows the width of its card (a phone turned on its side), nothing else.
  var resizer = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var element = entry.target;
      var width = Math.round(entry.contentRect.width);
      if (!width || width === element.plottedWidth) return;
      element.plottedWidth = width;
      if ("drawn" in element.dataset) window.Plotly.Plots.resize(element);
    });
  }) : null;

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source) return Promise.resolve();
    return Promise.resolve().then(function () {
      var figure = themed(JSON.parse(source.textContent));
      element.plottedWidth = Math.round(element.getBoundingClientRect().width);
      return window.Plotly.react(element, figure.data, figure.layout, CONFIG);
    }).then(function () {
      element.dataset.drawn = "";
      if (resizer) resizer.observe(element);
    });
  }

  function charts(scope) {
    return Array.prototype.slice.call(scope.querySelectorAll("[data-figure]"));
  }

  // Each chart is drawn as it comes within 100 px of the screen, in a task of its own, and
  // plotly.js runs in a task before the first: a phone that never scrolls to the charts
  // never downloads plotly.js, and no task holds the page up longer than one chart takes.
  var observer = null;
  var queue = [];
  var drawing = false;
  function nextTask(callback) {
    setTimeout(callback, 0);
  }
  function drawNext() {
    var next = queue.shift();
    if (!next) {
      drawing = false;
      return;
    }
    // A chart that fails is reported (the rejection), and the others are still drawn.
    draw(next).finally(function () { nextTask(drawNext); });
  }
  function enqueue(element) {
    var holder = document.querySelector("[data-plotly-src]");
    if (!holder || queue.indexOf(element) !== -1) return;
    queue.push(element);
    if (drawing) return;
    drawing = true;
    // Let the words paint first; the bundle comes after.
    requestAnimationFrame(function () {
      nextTask(function () {
        loadPlotly(holder.dataset.plotlySrc).then(
          function () { nextTask(drawNext); },
          function () { drawing = false; }
        );
      });
    });
  }

  function drawWithin(scope) {
    var pending = charts(scope);
    if (scope.matches && scope.matches("[data-figure]")) pending.push(scope);
    if (!pending.length) return;
    if (!("IntersectionObserver" in window)) {
      pending.forEach(enqueue);
      return;
    }
    if (!observer) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          observer.unobserve(entry.target);
          enqueue(entry.target);
        });
      }, { rootMargin: "100px 0px" });
    }
    pending.forEach(function (element) { observer.observe(element); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawWithin(document);
  });
  // The range filter swaps #trends: draw the new charts, free the old ones.
  document.addEventListener("htmx:load", function (event) {
    if (event.target !== document.body) drawWithin(event.target);
  });
  function purgeWithin(scope) {
    if (!window.Plotly) return;
    charts(scope).forEach(function (element) {
      if (resizer) resizer.unobserve(element);
      window.Plotly.purge(element);
    });
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (observer) charts(event.detail.target).forEach(function (element) { observer.unobserve(element); });
    queue = [];
    purgeWithin(event.detail.target);
  });
  // Back and forward fetch the whole page again (hx-history="false"): free the old charts.
  document.addEventListener("htmx:historyCacheMissLoad", function () {
    purgeWithin(document);
  });
  if (window.matchMedia) {
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
      charts(document)
        .filter(function (element) { return "drawn" in element.dataset; })
        .forEach(enqueue);
    });
  }
})();
