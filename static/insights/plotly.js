// plotly.js for the pages that draw figures (the trends page's charts.js, the summary's
// summary.js): the bundle, a classic script that sets window.Plotly, fetched once, and the
// config a figure is drawn with.

let loading = null;

export function loadPlotly(src) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => resolve(window.Plotly);
      script.onerror = (error) => {
        loading = null; // a chart that comes into view later tries again
        reject(error);
      };
      document.head.append(script);
    });
  }
  return loading;
}

// plotly's config for a figure: ours, the figure's own (its locale), and that locale's names.
export function configOf(figure, base) {
  const config = { ...base, ...figure.config };
  const holder = document.querySelector("[data-plotly-locale]");
  const source = holder && document.getElementById(holder.dataset.plotlyLocale);
  if (source && config.locale) {
    const locale = JSON.parse(source.textContent);
    if (locale.name === config.locale) config.locales = { [locale.name]: locale };
  }
  return config;
}
