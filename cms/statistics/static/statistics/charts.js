/*
 * The statistics charts (Thống kê → Biểu đồ): draws with Chart.js (vendor/chart.umd.min.js) the
 * figures the page carries in <script type="application/json" id="statistics-charts-data">.
 *
 * Numbers arrive as JSON numbers and are formatted here, in Vietnamese (1.234,5), for the axes and
 * the tooltips. A stacked chart (parts of one total, e.g. agreements by grade and the ungraded)
 * piles its bars and gives the total in the tooltip. The "PNG" button of each chart saves what is
 * drawn, with a title. No inline code anywhere: the page works under a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var COLOURS = ["#0054a6", "#da251d", "#00855a", "#f59e0b", "#6d28d9", "#0e7490"];
  var TEXT = "#333";
  var GRID = "#e5e5e5";

  function readData() {
    var element = document.getElementById("statistics-charts-data");
    if (!element) {
      return null;
    }
    return JSON.parse(element.textContent);
  }

  function withUnit(text, unit) {
    return unit ? text + " " + unit : text;
  }

  // Paints the canvas white under the chart, so the PNG is not transparent.
  var whiteBackground = {
    id: "statisticsWhiteBackground",
    beforeDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.globalCompositeOperation = "destination-over";
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };

  function datasets(item) {
    var line = item.type === "line";
    return item.datasets.map(function (dataset, index) {
      var colour = COLOURS[index % COLOURS.length];
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: line ? colour : colour + "cc",
        borderColor: colour,
        borderWidth: line ? 2 : 0,
        pointRadius: line ? 3 : 0,
        pointHoverRadius: line ? 5 : 0,
        tension: 0,
        maxBarThickness: 48,
      };
    });
  }

  // The sum of the figures of one period over the datasets, or null when none has a figure.
  function total(item, index) {
    var sum = null;
    item.datasets.forEach(function (dataset) {
      var value = dataset.data[index];
      if (value !== null && value !== undefined) {
        sum = (sum || 0) + value;
      }
    });
    return sum;
  }

  function draw(canvas, item, page) {
    var numbers = new Intl.NumberFormat(page.locale, { maximumFractionDigits: 2 });
    var several = item.datasets.length > 1;
    var stacked = Boolean(item.stacked);
    return new window.Chart(canvas, {
      type: item.type,
      data: { labels: item.labels, datasets: datasets(item) },
      plugins: [whiteBackground],
      options: {
        locale: page.locale,
        responsive: true,
        maintainAspectRatio: false,
        // Sharper PNG files for reports, whatever the screen.
        devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2),
        color: TEXT,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: {
            stacked: stacked,
            title: { display: true, text: page.texts.year, color: TEXT },
            ticks: { color: TEXT },
            grid: { display: false },
          },
          y: {
            stacked: stacked,
            // Bars start at zero; a line is scaled to its figures (growth shows).
            beginAtZero: item.type === "bar",
            title: { display: Boolean(item.unit), text: item.unit, color: TEXT },
            ticks: {
              color: TEXT,
              precision: item.integral ? 0 : undefined,
              callback: function (value) {
                return numbers.format(value);
              },
            },
            grid: { color: GRID },
          },
        },
        plugins: {
          legend: { display: several, labels: { color: TEXT } },
          // Shown only in the PNG file (the page has its own heading): see downloadPng.
          title: {
            display: false,
            text: withUnit(item.name, item.unit ? "(" + item.unit + ")" : ""),
            color: TEXT,
            font: { size: 16 },
          },
          subtitle: { display: false, text: page.subtitle, color: TEXT, padding: { bottom: 12 } },
          tooltip: {
            callbacks: {
              label: function (context) {
                if (context.raw === null || context.raw === undefined) {
                  return null;
                }
                var text = withUnit(numbers.format(context.raw), item.unit);
                return several ? context.dataset.label + ": " + text : text;
              },
              // Stacked parts: the whole they add up to, under them.
              footer: function (items) {
                if (!stacked || !items.length) {
                  return "";
                }
                var sum = total(item, items[0].dataIndex);
                return sum === null ? "" : item.totalLabel + ": " + withUnit(numbers.format(sum), item.unit);
              },
            },
          },
        },
      },
    });
  }

  // Saves the chart as a PNG file, with its title and the organisation and years as subtitle.
  function downloadPng(chart, filename) {
    var options = chart.options.plugins;
    options.title.display = true;
    options.subtitle.display = true;
    chart.update("none");
    var link = document.createElement("a");
    link.href = chart.toBase64Image("image/png", 1);
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    options.title.display = false;
    options.subtitle.display = false;
    chart.update("none");
  }

  function start() {
    var page = readData();
    if (!page || typeof window.Chart === "undefined") {
      return;
    }
    page.charts.forEach(function (item) {
      var canvas = document.querySelector('canvas[data-chart="' + CSS.escape(item.code) + '"]');
      if (!canvas) {
        return;
      }
      var chart = draw(canvas, item, page);
      canvas.dataset.drawn = "true";
      var button = document.querySelector('button[data-chart-png="' + CSS.escape(item.code) + '"]');
      if (button) {
        button.disabled = false;
        button.addEventListener("click", function () {
          downloadPng(chart, item.filename);
        });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
