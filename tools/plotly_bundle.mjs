// Writes node_modules/.crylog/plotly/plotly-basic.min.js, the file crylog serves as
// static/vendor/plotly/: the pinned plotly.js bundle, unchanged, after one line,
// "//# allFunctionsCalledOnLoad". That comment is Chromium's explicit compile hint (V8, since
// Chrome 136): it compiles every function of the script on a background thread while the
// file streams in, instead of each one on the page's main thread the first time it runs.
// plotly.js then starts in about a quarter of the main-thread time on a first visit
// (docs/performance.md); other browsers read a comment. `npm ci` runs this (postinstall).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const HINT = "//# allFunctionsCalledOnLoad\n";
const source = new URL(
  "../node_modules/plotly.js-basic-dist-min/plotly-basic.min.js",
  import.meta.url,
);
const folder = new URL("../node_modules/.crylog/plotly/", import.meta.url);

mkdirSync(folder, { recursive: true });
writeFileSync(new URL("plotly-basic.min.js", folder), HINT + readFileSync(source, "utf8"));
