// cohortdb insight pages: draws every <figure data-chart> of a page from
// its JSON endpoints with Apache ECharts, and gives each chart a table
// view and a CSV download of exactly the rows it drew.
//
// window.cohortdb.charts[id] keeps what each chart drew (columns, rows,
// and the series as handed to ECharts); the browser tests read it.
(function () {
  "use strict";

  var palette = ["#1f5fa8", "#b34700", "#2f7d32", "#8e24aa", "#a61c3c", "#00695c", "#5d4037", "#37474f"];
  var drawn = {};
  window.cohortdb = { charts: drawn };

  // fetchJSON fetches url once per page view: charts sharing an endpoint
  // (stages and revenue per stage, the profile and the distributions'
  // break lines) share one statement. Results are never modified.
  var fetched = {};
  function fetchJSON(url) {
    if (!fetched[url]) fetched[url] = fetchOnce(url);
    return fetched[url];
  }

  function fetchOnce(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) {
          var e = body && body.error ? body.error : { message: r.statusText };
          throw new Error(e.message + (e.code ? " (MySQL error " + e.code + ")" : ""));
        }
        return body;
      });
    });
  }

  // merge concatenates the rows of several results of the same columns.
  function merge(results) {
    var cols = results[0].columns.map(function (c) { return c.name; });
    var rows = [];
    results.forEach(function (res) {
      var idx = res.columns.map(function (c) { return cols.indexOf(c.name); });
      res.rows.forEach(function (row) {
        var out = new Array(cols.length).fill(null);
        row.forEach(function (v, i) { if (idx[i] >= 0) out[idx[i]] = v; });
        rows.push(out);
      });
    });
    return { columns: results[0].columns, names: cols, rows: rows };
  }

  function col(data, name) {
    var i = data.names.indexOf(name);
    if (i < 0) throw new Error("column " + name + " missing from the result");
    return i;
  }

  function label(data, row, names) {
    return names.map(function (n) { var v = row[col(data, n)]; return v === null ? "NULL" : String(v); }).join(" · ");
  }

  // maxLabel is the widest an axis label is drawn (px); longer ones end
  // in an ellipsis (the table view has them whole).
  var maxLabel = 160;

  // labelWidth estimates the drawn width of the widest label (12px font).
  function labelWidth(labels) {
    var n = 1;
    labels.forEach(function (l) { n = Math.max(n, l.length); });
    return Math.min(maxLabel, n * 7);
  }

  function barOption(spec, data) {
    var cats = data.rows.map(function (r) { return label(data, r, spec.x); });
    var series = spec.y.map(function (y) {
      var i = col(data, y);
      return { name: y, type: "bar", data: data.rows.map(function (r) { return r[i]; }) };
    });
    // Rotated labels reach left of their bar: the grid leaves room for
    // the first one (truncated to maxLabel) so it is not cut off.
    var rotate = cats.length > 6;
    var opt = {
      xAxis: { type: "category", data: cats, axisLabel: { rotate: rotate ? 30 : 0, interval: 0, width: maxLabel, overflow: "truncate" } },
      yAxis: { type: "value" },
      series: series
    };
    if (rotate) opt.grid = { left: Math.max(60, Math.ceil(labelWidth(cats.slice(0, 1)) * 0.87)) };
    return opt;
  }

  // intervalOption draws each row's spec.y[0] as a bar with a whisker
  // from its spec.low to its spec.high (a confidence interval; none where
  // either bound is NULL).
  function intervalOption(spec, data) {
    var opt = barOption(spec, data);
    opt.series.forEach(function (s) { s.barMaxWidth = 120; });
    var li = col(data, spec.low), hi = col(data, spec.high);
    opt.series.push({
      name: spec.low + " to " + spec.high, type: "custom", z: 10, itemStyle: { color: "#111" },
      data: data.rows.map(function (r, i) { return [i, r[li], r[hi]]; }),
      encode: { x: 0, y: [1, 2] },
      renderItem: function (params, api) {
        if (isNaN(api.value(1)) || isNaN(api.value(2))) return null;
        var lo = api.coord([api.value(0), api.value(1)]), up = api.coord([api.value(0), api.value(2)]);
        var w = Math.min(20, api.size([1, 0])[0] * 0.12), style = { stroke: "#111", lineWidth: 2 };
        return { type: "group", children: [
          { type: "line", shape: { x1: lo[0], y1: lo[1], x2: up[0], y2: up[1] }, style: style },
          { type: "line", shape: { x1: lo[0] - w, y1: lo[1], x2: lo[0] + w, y2: lo[1] }, style: style },
          { type: "line", shape: { x1: up[0] - w, y1: up[1], x2: up[0] + w, y2: up[1] }, style: style }
        ] };
      }
    });
    return opt;
  }

  function lineOption(spec, data) {
    var xi = col(data, spec.x[0]), yi = col(data, spec.y[0]);
    var cats = [], groups = {}, order = [];
    data.rows.forEach(function (r) {
      if (cats.indexOf(r[xi]) < 0) cats.push(r[xi]);
      var g = spec.series ? String(r[col(data, spec.series)]) : spec.y[0];
      if (!groups[g]) { groups[g] = {}; order.push(g); }
      groups[g][r[xi]] = r[yi];
    });
    var series = order.map(function (g) {
      return { name: g, type: "line", data: cats.map(function (c) { return g in groups && c in groups[g] ? groups[g][c] : null; }) };
    });
    return { xAxis: { type: "category", data: cats }, yAxis: { type: "value" }, series: series };
  }

  function heatmapOption(spec, data) {
    var xi = col(data, spec.x[0]), yi = col(data, spec.y[0]), vi = col(data, spec.value);
    var li = spec.label ? col(data, spec.label) : -1;
    var xs = [], ys = [];
    data.rows.forEach(function (r) {
      if (xs.indexOf(String(r[xi])) < 0) xs.push(String(r[xi]));
      if (ys.indexOf(String(r[yi])) < 0) ys.push(String(r[yi]));
    });
    ys.reverse();
    var max = 0;
    var points = data.rows.map(function (r) {
      var v = r[vi] === null ? 0 : r[vi];
      if (v > max) max = v;
      return { value: [xs.indexOf(String(r[xi])), ys.indexOf(String(r[yi])), r[vi]], row: r, name: li >= 0 ? String(r[li]) : "" };
    });
    // Axis names sit in the middle, outside the category labels, and the
    // grid is placed from estimated label sizes (labels are truncated to
    // them), not by ECharts' containLabel, which left no room for the
    // names: long labels and the names were cut off.
    var lx = labelWidth(xs), ly = labelWidth(ys), rotate = xs.length > 6 || lx > 80;
    var below = rotate ? Math.ceil(lx * 0.5) + 16 : 20;
    return {
      xAxis: { type: "category", data: xs, name: spec.x[0], nameLocation: "middle", nameGap: below + 10,
               axisLabel: { interval: 0, rotate: rotate ? 30 : 0, width: lx, overflow: "truncate" } },
      yAxis: { type: "category", data: ys, name: spec.y[0], nameLocation: "middle", nameGap: ly + 16,
               axisLabel: { width: ly, overflow: "truncate" } },
      visualMap: { min: 0, max: max || 1, calculable: false, orient: "horizontal", left: "center", bottom: 0,
                   inRange: { color: ["#eef3fa", "#1f5fa8"] } },
      grid: { containLabel: false, left: Math.max(ly + 40, rotate ? Math.ceil(lx * 0.87) : 0), right: 24, top: 16, bottom: below + 64 },
      series: [{
        type: "heatmap", data: points,
        label: { show: true, color: "#111", lineHeight: 16, formatter: function (p) {
          var v = p.data.value[2];
          return (p.data.name ? p.data.name + "\n" : "") + (typeof v === "number" && v % 1 ? v.toFixed(3) : v);
        } }
      }]
    };
  }

  function csvOf(data) {
    function cell(v) {
      if (v === null) return "";
      var s = String(v);
      return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    }
    var lines = [data.names.map(cell).join(",")];
    data.rows.forEach(function (r) { lines.push(r.map(cell).join(",")); });
    return lines.join("\r\n") + "\r\n";
  }

  function linkOf(spec, data, row) {
    return spec.link.replace(/\{(\w+)\}/g, function (_, n) { return encodeURIComponent(row[col(data, n)]); });
  }

  function tableOf(spec, data) {
    var t = document.createElement("table");
    var cap = document.createElement("caption");
    cap.textContent = spec.title;
    t.appendChild(cap);
    var head = t.createTHead().insertRow();
    data.columns.forEach(function (c) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = c.name;
      head.appendChild(th);
    });
    if (spec.link) head.appendChild(document.createElement("th")).textContent = "customers";
    var body = t.createTBody();
    data.rows.forEach(function (r) {
      var tr = body.insertRow();
      r.forEach(function (v, i) {
        var td = tr.insertCell();
        td.textContent = v === null ? "NULL" : String(v);
        if (data.columns[i].numeric) td.className = "num";
      });
      if (spec.link) {
        var a = document.createElement("a");
        a.href = linkOf(spec, data, r);
        a.textContent = "list";
        tr.insertCell().appendChild(a);
      }
    });
    return t;
  }

  function draw(fig, spec, data) {
    var status = fig.querySelector(".status");
    fig.querySelector(".table-wrap").appendChild(tableOf(spec, data));
    var csv = fig.querySelector("a.csv"), text = csvOf(data);
    csv.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    // The CSV's text is kept for tests (the page's CSP lets nothing fetch
    // the blob back).
    var entry = { columns: data.names, rows: data.rows, series: [], csv: text };
    var chart = null;
    drawn[spec.id] = entry;
    if (spec.kind !== "table") {
      var el = fig.querySelector(".plot");
      var opt = { bar: barOption, line: lineOption, heatmap: heatmapOption, interval: intervalOption }[spec.kind](spec, data);
      opt.animation = false;
      opt.color = palette;
      opt.tooltip = { trigger: spec.kind === "heatmap" ? "item" : "axis" };
      if (spec.kind !== "heatmap") opt.legend = { top: 0 };
      opt.grid = Object.assign({ left: 60, right: 20, top: 40, bottom: 80, containLabel: true }, opt.grid || {});
      chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(opt);
      entry.series = opt.series.map(function (s) {
        return { name: s.name || "", data: s.data.map(function (d) { return d && d.value ? d.value : d; }) };
      });
      entry.categories = opt.xAxis.data;
      if (spec.link) {
        chart.on("click", function (p) { window.location.href = linkOf(spec, data, p.data.row); });
      }
      window.addEventListener("resize", function () { chart.resize(); });
    }
    status.textContent = data.rows.length + (data.rows.length === 1 ? " row" : " rows");
    if (!data.rows.length) fig.dataset.state = "empty";
    return chart;
  }

  // markBreaks draws the profiler's recommended breaks of spec.marks as
  // vertical lines at the band holding each break.
  function markBreaks(chart, spec, entry) {
    return fetchJSON(spec.marksURL).then(function (prof) {
      var row = prof.rows.filter(function (r) { return r[0] === spec.marks; })[0];
      if (!row || !row[1]) return;
      var cats = entry.categories.map(String);
      entry.marks = [];
      String(row[1]).split(",").forEach(function (b) {
        var band = Math.floor(Number(b) / spec.bandWidth) * spec.bandWidth;
        var i = cats.indexOf(String(band));
        for (var j = 0; i < 0 && j < cats.length; j++) if (Number(cats[j]) >= band) i = j;
        if (i >= 0) entry.marks.push({ value: Number(b), category: cats[i] });
      });
      chart.setOption({ series: [{ markLine: { symbol: "none", silent: true, lineStyle: { color: "#b34700", type: "dashed" },
        label: { formatter: function (p) { return "break " + p.name; } },
        data: entry.marks.map(function (m) { return { xAxis: m.category, name: String(m.value) }; }) } }] });
    });
  }

  function load(fig) {
    var spec = JSON.parse(fig.dataset.chart);
    Promise.all(spec.urls.map(fetchJSON)).then(function (results) {
      var chart = draw(fig, spec, merge(results));
      if (spec.marks && chart) return markBreaks(chart, spec, drawn[spec.id]);
    }).then(function () {
      if (fig.dataset.state === "loading") fig.dataset.state = "drawn";
    }).catch(function (err) {
      var status = fig.querySelector(".status");
      status.textContent = err.message;
      status.className = "status error";
      status.setAttribute("role", "alert");
      fig.dataset.state = "error";
      fig.dataset.error = err.message;
      drawn[spec.id] = { error: err.message };
    });
  }

  document.querySelectorAll("figure[data-chart]").forEach(load);
})();
