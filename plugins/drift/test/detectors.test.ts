import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import {
  Adwin,
  type ConceptDriftDetector,
  createDetector,
  Ddm,
  type DetectorKind,
  Eddm,
  PageHinkley,
  restoreDetector,
} from '../src/index.js';
import { detectionsOf, shiftedBernoulliStream, shiftedNormalStream } from './detectorsStreams.js';

// One seed for every stream below. Over many seeds the detectors raise false alarms at the rates
// bench/drift-calibration.ts measures (DDM, for instance, alarms in the first 5,000 values of a
// stationary 10% error stream about half the time), so a seed is part of each expectation.
const seed = 3;
const changeAt = 2_000;

interface Case {
  readonly kind: DetectorKind;
  readonly make: () => ConceptDriftDetector;
  readonly stream: number[];
  /** The documented bound on the delay, from the calibration's mean delay with room to spare. */
  readonly maxDelay: number;
  readonly expected: number;
}

const cases: Case[] = [
  {
    kind: 'adwin',
    make: () => new Adwin(),
    stream: shiftedNormalStream(seed, 4_000, changeAt, 0, 1),
    maxDelay: 150,
    expected: 2_015,
  },
  {
    kind: 'page-hinkley',
    make: () => new PageHinkley(),
    // The threshold (50) is in the input's units: a unit-variance stream alarms every ~1,700 values.
    stream: shiftedNormalStream(seed, 4_000, changeAt, 0, 1, 0.1),
    maxDelay: 100,
    expected: 2_048,
  },
  {
    kind: 'ddm',
    make: () => new Ddm(),
    stream: shiftedBernoulliStream(seed, 4_000, changeAt, 0.1, 0.3),
    maxDelay: 1_000,
    expected: 2_127,
  },
  {
    kind: 'eddm',
    // river's own example parameters: with its defaults (0.95, 0.9) EDDM alarms every ~500 values
    // of a stationary 10% error stream.
    make: () => new Eddm({ alpha: 0.8, beta: 0.75 }),
    stream: shiftedBernoulliStream(seed, 4_000, changeAt, 0.1, 0.3),
    maxDelay: 1_000,
    expected: 2_407,
  },
];

describe('concept drift detectors', () => {
  for (const c of cases) {
    describe(c.kind, () => {
      it(`detects a change at ${changeAt} within ${c.maxDelay} values, with no alarm before it (seed ${seed})`, () => {
        const found = detectionsOf(c.make(), c.stream);
        expect(
          found.filter((i) => i < changeAt),
          'alarms on the stationary part',
        ).to.deep.equal([]);
        const first = found.find((i) => i >= changeAt);
        expect(first, 'first detection').to.equal(c.expected);
        expect(first! - changeAt).to.be.at.most(c.maxDelay);
      });

      it('continues identically after toJSON, JSON and restoreDetector at any point', () => {
        const uninterrupted = detectionsOf(c.make(), c.stream);
        const cuts = [1, 17, 500, changeAt, uninterrupted[0]! + 1, 3_333];
        let detector = c.make();
        const found: number[] = [];
        c.stream.forEach((x, i) => {
          if (cuts.includes(i)) detector = restoreDetector(JSON.parse(JSON.stringify(detector)));
          if (detector.update(x).driftDetected) found.push(i);
        });
        expect(found).to.deep.equal(uninterrupted);
        expect(detector.kind).to.equal(c.kind);
      });

      it("is what createDetector builds for its kind, with river's defaults", () => {
        const detector = createDetector(c.kind);
        expect(detector.toJSON().kind).to.equal(c.kind);
        expect(JSON.parse(JSON.stringify(detector)).state.driftDetected).to.equal(false);
        const made = c.make().toJSON();
        expect(createDetector(c.kind, made.params).toJSON()).to.deep.equal(made);
      });
    });
  }

  it("reports river's default parameters", () => {
    expect(new Adwin().toJSON().params).to.deep.equal({
      delta: 0.002,
      clock: 32,
      maxBuckets: 5,
      minWindowLength: 5,
      gracePeriod: 10,
    });
    expect(new Ddm().toJSON().params).to.deep.equal({
      warmStart: 30,
      warningThreshold: 2,
      driftThreshold: 3,
    });
    expect(new Eddm().toJSON().params).to.deep.equal({ warmStart: 30, alpha: 0.95, beta: 0.9 });
    expect(new PageHinkley().toJSON().params).to.deep.equal({
      minInstances: 30,
      delta: 0.005,
      threshold: 50,
      alpha: 1 - 0.0001,
      mode: 'both',
    });
  });

  it('starts afresh on the update after a detection, as river does', () => {
    const ph = new PageHinkley({ minInstances: 1, threshold: 1 });
    expect(ph.update(0).driftDetected).to.equal(false);
    expect(ph.update(10).driftDetected).to.equal(true);
    expect(ph.toJSON().state.n).to.equal(2);
    expect(ph.update(10).driftDetected).to.equal(false);
    expect(ph.toJSON().state.n).to.equal(1);
  });

  it('Page-Hinkley in mode "up" ignores a fall of the mean that mode "down" catches', () => {
    const falling = shiftedNormalStream(seed, 3_000, 1_000, 1, 0, 0.1);
    expect(detectionsOf(new PageHinkley({ mode: 'up' }), falling)).to.deep.equal([]);
    const down = detectionsOf(new PageHinkley({ mode: 'down' }), falling);
    expect(down[0]).to.be.within(1_000, 1_100);
  });

  it('DDM enters its warning zone after the change and before the drift', () => {
    const ddm = new Ddm();
    const stream = shiftedBernoulliStream(seed, 4_000, changeAt, 0.1, 0.3);
    let firstWarning: number | undefined;
    let firstDrift: number | undefined;
    stream.forEach((x, i) => {
      ddm.update(x);
      if (ddm.warningDetected && i >= changeAt && firstWarning === undefined) firstWarning = i;
      if (ddm.driftDetected && firstDrift === undefined) firstDrift = i;
    });
    expect(firstWarning).to.be.a('number');
    expect(firstWarning!).to.be.within(changeAt, firstDrift! - 1);
  });

  it('ADWIN shrinks nothing on a constant stream and keeps its mean', () => {
    const adwin = new Adwin();
    for (let i = 0; i < 1_000; i++) adwin.update(0.25);
    expect(adwin.driftDetected).to.equal(false);
    expect(adwin.windowSize).to.equal(1_000);
    expect(adwin.estimation).to.equal(0.25);
  });

  describe('bad input', () => {
    const fail = (fn: () => unknown): InvalidArgumentError => {
      try {
        fn();
      } catch (err) {
        expect(err).to.be.instanceOf(InvalidArgumentError);
        return err as InvalidArgumentError;
      }
      expect.fail('no error thrown');
    };

    it("refuses a value outside the detector's domain, naming x, and keeps the state", () => {
      const ddm = new Ddm();
      ddm.update(1);
      const before = JSON.stringify(ddm);
      const err = fail(() => ddm.update(0.5));
      expect(err.message).to.equal('x must be 0 or 1, got 0.5');
      expect(err.details.field).to.equal('x');
      expect(JSON.stringify(ddm)).to.equal(before);
      expect(fail(() => new Adwin().update(Number.NaN)).message).to.equal(
        'x must be a finite number, got NaN',
      );
      expect(fail(() => new PageHinkley().update(Number.POSITIVE_INFINITY)).message).to.equal(
        'x must be a finite number, got Infinity',
      );
    });

    it('refuses parameters out of range, naming each', () => {
      expect(fail(() => new Adwin({ delta: 0 })).message).to.equal('delta must be a number in (0, 1), got 0');
      expect(fail(() => new Adwin({ clock: 1.5 })).details.field).to.equal('clock');
      expect(fail(() => new Eddm({ alpha: 0.8, beta: 0.9 })).message).to.equal(
        'beta must be at most alpha (0.8), got 0.9',
      );
      expect(fail(() => new PageHinkley({ mode: 'sideways' as 'up' })).message).to.equal(
        'mode must be one of up, down, both, got "sideways"',
      );
      expect(fail(() => createDetector('kswin' as 'adwin')).message).to.equal(
        'kind must be one of adwin, ddm, eddm, page-hinkley, got "kswin"',
      );
    });

    it('refuses a malformed snapshot, naming the field', () => {
      expect(fail(() => restoreDetector({ kind: 'hddm' })).message).to.equal(
        'kind must be one of adwin, ddm, eddm, page-hinkley, got "hddm"',
      );
      const ddm = JSON.parse(JSON.stringify(new Ddm()));
      ddm.state.p = 'high';
      const err = fail(() => restoreDetector(ddm));
      expect(err.message).to.equal('state.p must be a finite number, got "high"');
      expect(err.details.field).to.equal('state.p');
      const adwin = new Adwin();
      for (let i = 0; i < 20; i++) adwin.update(i);
      const broken = JSON.parse(JSON.stringify(adwin));
      broken.state.width = 19;
      expect(fail(() => restoreDetector(broken)).message).to.equal(
        'state.width must equal the values in state.rows (20), got 19',
      );
      expect(fail(() => restoreDetector(null)).message).to.equal('snapshot must be an object');
    });
  });
});
