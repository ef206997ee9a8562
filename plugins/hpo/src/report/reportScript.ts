/**
 * The browser side of a study report: reads the plot data from `#study-data` and draws each plot
 * with Chart.js (inlined before it) into its canvas, then sets `data-rendered` on the body.
 * Plain ES2020, kept as text so the page needs no build step and fetches nothing.
 */
export const reportScript = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('study-data').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.responsive = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';
  var blue = 'rgba(31, 119, 180, 0.75)';
  var red = 'rgba(214, 39, 40, 0.9)';
  var grey = 'rgba(127, 127, 127, 0.45)';

  function canvas(section, id, title) {
    var box = document.createElement('figure');
    var caption = document.createElement('figcaption');
    caption.textContent = title;
    var c = document.createElement('canvas');
    c.id = id;
    c.width = 760;
    c.height = 340;
    box.appendChild(caption);
    box.appendChild(c);
    document.getElementById(section).appendChild(box);
    return c;
  }
  function empty(section, text) {
    var p = document.createElement('p');
    p.className = 'empty';
    p.textContent = text;
    document.getElementById(section).appendChild(p);
  }
  function isLog(d) { return d.kind !== 'categorical' && d.log; }
  // Where a value sits on its axis, from 0 to 1 (log scale and choice order respected).
  function unit(value, d) {
    if (d.kind === 'categorical') {
      var i = d.choices.indexOf(value);
      return d.choices.length < 2 ? 0.5 : i / (d.choices.length - 1);
    }
    if (d.high === d.low) return 0.5;
    if (d.log) return (Math.log(value) - Math.log(d.low)) / (Math.log(d.high) - Math.log(d.low));
    return (value - d.low) / (d.high - d.low);
  }
  // Blue (good) to red (bad) by rank, so outliers do not wash the colours out.
  function colours(values, direction) {
    var order = values.map(function (v, i) { return i; }).sort(function (a, b) {
      return direction === 'minimize' ? values[a] - values[b] : values[b] - values[a];
    });
    var out = new Array(values.length);
    order.forEach(function (index, rank) {
      var t = values.length < 2 ? 0 : rank / (values.length - 1);
      out[index] = 'rgba(' + Math.round(31 + t * 183) + ',' + Math.round(119 - t * 80) + ',' + Math.round(180 - t * 140) + ',0.55)';
    });
    return out;
  }
  var objectiveName = function (k) {
    return data.study.directions.length > 1 ? 'objective ' + k + ' (' + data.study.directions[k] + ')' : 'objective (' + data.study.directions[0] + ')';
  };

  var history = data.history;
  if (history.points.length === 0) empty('history', 'No trial has completed yet.');
  history.directions.forEach(function (direction, k) {
    if (history.points.length === 0) return;
    new Chart(canvas('history', 'history-' + k, 'Optimisation history: ' + objectiveName(k)), {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'trial value', data: history.points.map(function (p) { return { x: p.number, y: p.values[k] }; }), backgroundColor: blue },
          { label: 'best so far', type: 'line', data: history.points.map(function (p) { return { x: p.number, y: p.best[k] }; }), borderColor: red, backgroundColor: red, pointRadius: 0, stepped: true },
        ],
      },
      options: { scales: { x: { title: { display: true, text: 'trial' } }, y: { title: { display: true, text: 'value' } } } },
    });
  });

  var pc = data.parallelCoordinates;
  if (pc.lines.length === 0 || pc.params.length === 0) empty('parallel', 'Nothing to draw: no completed trial with parameters.');
  else {
    var lines = pc.lines.slice(-1000);
    var values = lines.map(function (l) { return l.value; });
    var low = Math.min.apply(null, values);
    var high = Math.max.apply(null, values);
    var lineColours = colours(values, data.study.directions[pc.objective]);
    new Chart(canvas('parallel', 'parallel-coordinates', 'Parallel coordinates (colour: ' + objectiveName(pc.objective) + ', blue is better)'), {
      type: 'line',
      data: {
        labels: ['objective'].concat(pc.params.map(function (p) { return p.name + (isLog(p.distribution) ? ' (log)' : ''); })),
        datasets: lines.map(function (l, i) {
          return {
            label: 'trial ' + l.number,
            raw: [l.value].concat(pc.params.map(function (p) { return l.params[p.name]; })),
            data: [high === low ? 0.5 : (l.value - low) / (high - low)].concat(pc.params.map(function (p) {
              return p.name in l.params ? unit(l.params[p.name], p.distribution) : null;
            })),
            borderColor: lineColours[i],
            borderWidth: 1,
            pointRadius: 0,
            spanGaps: false,
          };
        }),
      },
      options: {
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ': ' + ctx.dataset.raw[ctx.dataIndex]; } } },
        },
        scales: { y: { min: 0, max: 1, ticks: { display: false } } },
      },
    });
  }

  var imp = data.importances;
  if (imp.length === 0 || imp.every(function (i) { return i.importance === 0; })) empty('importances', 'Not enough completed trials to rank the parameters.');
  else {
    new Chart(canvas('importances', 'importances-chart', 'Parameter importances (PED-ANOVA) on ' + objectiveName(data.slices.objective)), {
      type: 'bar',
      data: {
        labels: imp.map(function (i) { return i.name; }),
        datasets: [{ label: 'importance', data: imp.map(function (i) { return i.importance; }), backgroundColor: blue }],
      },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { min: 0, max: 1 } } },
    });
  }

  var sl = data.slices;
  if (sl.slices.length === 0) empty('slices', 'Nothing to draw: no completed trial with parameters.');
  sl.slices.forEach(function (s, i) {
    if (s.points.length === 0) return;
    var d = s.distribution;
    var x = d.kind === 'categorical'
      ? { type: 'category', labels: d.choices.map(String), title: { display: true, text: s.name } }
      : { type: isLog(d) ? 'logarithmic' : 'linear', title: { display: true, text: s.name } };
    new Chart(canvas('slices', 'slice-' + i, 'Slice: ' + s.name), {
      type: 'scatter',
      data: {
        datasets: [{
          label: s.name,
          data: s.points.map(function (p) { return { x: d.kind === 'categorical' ? String(p.x) : p.x, y: p.y }; }),
          backgroundColor: colours(s.points.map(function (p) { return p.number; }), 'minimize'),
        }],
      },
      options: { plugins: { legend: { display: false } }, scales: { x: x, y: { title: { display: true, text: objectiveName(sl.objective) } } } },
    });
  });

  var pf = data.paretoFront;
  if (pf) {
    var front = new Set(pf.front);
    new Chart(canvas('pareto', 'pareto-front', 'Pareto front: ' + objectiveName(0) + ' against ' + objectiveName(1)), {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'dominated', data: pf.points.filter(function (p) { return !front.has(p.number); }).map(function (p) { return { x: p.values[0], y: p.values[1] }; }), backgroundColor: grey },
          { label: 'Pareto front', data: pf.points.filter(function (p) { return front.has(p.number); }).map(function (p) { return { x: p.values[0], y: p.values[1] }; }), backgroundColor: red },
        ],
      },
      options: { scales: { x: { title: { display: true, text: objectiveName(0) } }, y: { title: { display: true, text: objectiveName(1) } } } },
    });
  }
  document.body.setAttribute('data-rendered', 'true');
})();
`;
