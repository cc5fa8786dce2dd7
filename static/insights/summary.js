// The summary's charts as pictures. Each figure is drawn once by plotly.js into an SVG image
// of a fixed size, in the light theme's colours on white (the colours the figures carry), so
// that it looks the same on a phone, on a large screen and on paper (A4 or Letter): the image
// scales to the width it is given and a printout needs no new layout. The page is complete
// without this file: every chart's words and table are in the HTML.

import { configOf, loadPlotly } from "./plotly.js";

// Wide enough for the figures' words at a phone's scale, narrow enough that on paper (up to 180 mm)
// they are not larger than the text around them.
const WIDTH = 480;

async function picture(element) {
  const source = document.getElementById(element.dataset.figure);
  if (!source) return;
  const figure = JSON.parse(source.textContent);
  const height = figure.layout.height;
  const layout = { ...figure.layout, width: WIDTH, autosize: false, paper_bgcolor: "#ffffff" };
  const config = configOf(figure, { staticPlot: true });
  const url = await window.Plotly.toImage(
    { data: figure.data, layout, config },
    { format: "svg", width: WIDTH, height },
  );
  const image = new Image(WIDTH, height);
  image.alt = "";
  image.src = url;
  await image.decode();
  element.replaceChildren(image);
  element.dataset.drawn = "";
}

async function drawAll(holder, elements) {
  await loadPlotly(holder.dataset.plotlySrc);
  for (const element of elements) {
    // One chart that fails leaves the others, and its words and table stay.
    await picture(element).catch((error) => console.error(error));
  }
  document.body.dataset.chartsDrawn = "";
}

const holder = document.querySelector("[data-plotly-src]");
const elements = Array.from(document.querySelectorAll("[data-figure]"));
if (holder && elements.length) drawAll(holder, elements);

for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
