// Draws the charts described by core.charts.Chart (a JSON script next to a
// canvas[data-chart]) with the vendored Chart.js. The figures are also in a
// table on the page, so without JavaScript nothing is lost; the box stays
// hidden until its chart is drawn.
(function () {
  "use strict";
  var PALETTE = ["#b31b1b", "#0b57d0", "#1a7f37", "#9a6700", "#6e40c9", "#57606a", "#d4a72c", "#1b7c83"];
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

  function draw(canvas) {
    if (canvas.dataset.drawn) {
      return;
    }
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || !window.Chart) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var valueAxis = spec.horizontal ? "x" : "y";
    var categoryAxis = spec.horizontal ? "y" : "x";
    var scales = {};
    scales[valueAxis] = {
      stacked: spec.stacked,
      beginAtZero: true,
      ticks: { precision: 0 },
    };
    if (spec.maximum) {
      scales[valueAxis].max = spec.maximum;
    }
    scales[categoryAxis] = { stacked: spec.stacked, ticks: { autoSkip: false } };
    canvas.parentNode.hidden = false;
    canvas.parentNode.style.height = spec.height + "rem";
    canvas.dataset.drawn = "true";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (series, index) {
          return {
            label: series.label,
            data: series.values,
            backgroundColor: PALETTE[index % PALETTE.length],
            borderWidth: 0,
          };
        }),
      },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        // No growing bars: a bar caught while it grows ends short of its figure (a category of 6 read as about 4.8
        // in a screenshot, a printout or a glance), and the figures are what these charts are for.
        animation: false,
        scales: scales,
        plugins: {
          legend: { display: spec.series.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (context) {
                return context.dataset.label + "：" + context.formattedValue + spec.unit;
              },
            },
          },
        },
      },
    });
  }

  function init(root) {
    if (window.Chart) {
      window.Chart.defaults.font.family = FONT;
      window.Chart.defaults.color = "#1f2328";
    }
    var scope = root.querySelectorAll ? root : document;
    Array.prototype.forEach.call(scope.querySelectorAll("canvas[data-chart]"), draw);
  }

  if (window.htmx) {
    window.htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  }
})();
