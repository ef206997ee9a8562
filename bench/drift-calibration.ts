// Concept drift detector calibration (issue 8): false-alarm rate of each detector, with river's
// default parameters, on long stationary streams, and its detection delay after an abrupt change.
// Seeded, so two runs print the same table. Run: npm run build && node bench/dist/drift-calibration.js
// (STREAMS=200 to average over more change streams; LENGTH=1000000 for longer stationary streams).

import { type ConceptDriftDetector, createDetector } from '@mlops/plugin-drift';
import { mulberry32 } from '@mlops/stats';

const stationaryStreams = Number(process.env.STATIONARY_STREAMS ?? 10);
const stationaryLength = Number(process.env.LENGTH ?? 100_000);
const changeStreams = Number(process.env.STREAMS ?? 100);
const changeAt = 5_000;
const horizon = 5_000;

const uniformFrom = mulberry32;

/** Source of value i of a stream: normal or 0/1, with a level that may change at `changeAt`. */
interface Scenario {
  readonly label: string;
  readonly before: string;
  readonly after: string;
  value(uniform: () => number, changed: boolean): number;
}

function normal(mean: number, shiftedMean: number, sd: number): Scenario {
  return {
    label: 'normal',
    before: `N(${mean}, ${sd})`,
    after: `N(${shiftedMean}, ${sd})`,
    value(uniform, changed) {
      const z = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
      return (changed ? shiftedMean : mean) + sd * z;
    },
  };
}

function bernoulli(rate: number, shiftedRate: number): Scenario {
  return {
    label: 'errors',
    before: `error rate ${rate}`,
    after: `error rate ${shiftedRate}`,
    value: (uniform, changed) => (uniform() < (changed ? shiftedRate : rate) ? 1 : 0),
  };
}

interface Row {
  readonly detector: string;
  readonly make: () => ConceptDriftDetector;
  readonly scenario: Scenario;
}

const rows: Row[] = [
  { detector: 'ADWIN', make: () => createDetector('adwin'), scenario: normal(0, 1, 1) },
  { detector: 'ADWIN', make: () => createDetector('adwin'), scenario: normal(0, 0.5, 1) },
  { detector: 'ADWIN', make: () => createDetector('adwin'), scenario: bernoulli(0.1, 0.3) },
  { detector: 'Page-Hinkley', make: () => createDetector('page-hinkley'), scenario: normal(0, 1, 1) },
  { detector: 'Page-Hinkley', make: () => createDetector('page-hinkley'), scenario: normal(0, 1, 0.1) },
  { detector: 'Page-Hinkley', make: () => createDetector('page-hinkley'), scenario: normal(0, 0.5, 0.1) },
  { detector: 'DDM', make: () => createDetector('ddm'), scenario: bernoulli(0.1, 0.3) },
  { detector: 'DDM', make: () => createDetector('ddm'), scenario: bernoulli(0.1, 0.15) },
  { detector: 'EDDM', make: () => createDetector('eddm'), scenario: bernoulli(0.1, 0.3) },
  {
    detector: 'EDDM (alpha 0.8, beta 0.75)',
    make: () => createDetector('eddm', { alpha: 0.8, beta: 0.75 }),
    scenario: bernoulli(0.1, 0.3),
  },
];

/** Alarms per 10,000 values on stationary streams, and the share of values before the first alarm. */
function falseAlarms(row: Row): { per10k: number; meanRunLength: number } {
  let alarms = 0;
  let runLengths = 0;
  let runs = 0;
  for (let s = 0; s < stationaryStreams; s++) {
    const uniform = uniformFrom(1_000 + s);
    const detector = row.make();
    let since = 0;
    for (let i = 0; i < stationaryLength; i++) {
      since += 1;
      if (detector.update(row.scenario.value(uniform, false)).driftDetected) {
        alarms += 1;
        runLengths += since;
        runs += 1;
        since = 0;
      }
    }
  }
  return {
    per10k: (alarms * 10_000) / (stationaryStreams * stationaryLength),
    meanRunLength: runs === 0 ? Number.POSITIVE_INFINITY : runLengths / runs,
  };
}

/** Delay from the change to the first alarm at or after it, over streams changing at `changeAt`. */
function delays(row: Row): { mean: number; median: number; missed: number; earlyAlarm: number } {
  const found: number[] = [];
  let missed = 0;
  let earlyAlarm = 0;
  for (let s = 0; s < changeStreams; s++) {
    const uniform = uniformFrom(50_000 + s);
    const detector = row.make();
    let delay: number | undefined;
    let early = false;
    for (let i = 0; i < changeAt + horizon && delay === undefined; i++) {
      const alarm = detector.update(row.scenario.value(uniform, i >= changeAt)).driftDetected;
      if (alarm && i < changeAt) early = true;
      if (alarm && i >= changeAt) delay = i - changeAt;
    }
    if (early) earlyAlarm += 1;
    if (delay === undefined) missed += 1;
    else found.push(delay);
  }
  found.sort((a, b) => a - b);
  return {
    mean: found.reduce((a, b) => a + b, 0) / Math.max(found.length, 1),
    median: found[Math.floor((found.length - 1) / 2)] ?? Number.NaN,
    missed: missed / changeStreams,
    earlyAlarm: earlyAlarm / changeStreams,
  };
}

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'none');
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

console.log(
  `Stationary: ${stationaryStreams} streams x ${stationaryLength.toLocaleString('en-US')} values. ` +
    `Change: ${changeStreams} streams, change at value ${changeAt.toLocaleString('en-US')}, ` +
    `delay counted to the first alarm at or after it, missed past ${horizon.toLocaleString('en-US')}.\n`,
);
console.log(
  '| detector (river defaults) | stream before -> after | false alarms / 10k values | mean values between false alarms | streams with an alarm before the change | mean delay | median delay | missed |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const row of rows) {
  const t0 = performance.now();
  const fa = falseAlarms(row);
  const d = delays(row);
  console.log(
    `| ${row.detector} | ${row.scenario.before} -> ${row.scenario.after} | ${fmt(fa.per10k, 2)} | ` +
      `${fmt(fa.meanRunLength, 0)} | ${pct(d.earlyAlarm)} | ${fmt(d.mean)} | ${fmt(d.median, 0)} | ${pct(d.missed)} |`,
  );
  if (process.env.VERBOSE) console.error(`${row.detector}: ${(performance.now() - t0).toFixed(0)} ms`);
}
