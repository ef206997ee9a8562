import { expect } from 'chai';
import { readDecimal } from '../src/report/readDecimal.js';
import { seededUniform } from './detectorsStreams.js';

/** What readDecimal gives for all of `text`: the double, or undefined when it leaves it to Number. */
function parsed(text: string): number | undefined {
  const bytes = Buffer.from(text);
  const out = new Float64Array(1);
  return readDecimal(bytes, 0, bytes.length, out, 0) === bytes.length ? out[0] : undefined;
}

/** Checks that readDecimal never disagrees with Number; returns how many it decided itself. */
function agreeWithNumber(texts: readonly string[], seed: number): number {
  let decided = 0;
  for (const text of texts) {
    const value = parsed(text);
    if (value === undefined) continue;
    decided++;
    if (!Object.is(value, Number(text)))
      expect.fail(`"${text}" gave ${value}, Number gives ${Number(text)} (seed ${seed})`);
  }
  return decided;
}

describe('stream: readDecimal', () => {
  it('reads what String writes back to the same double, deciding every one from 5e-4 to 1e5', () => {
    const seed = 11;
    const uniform = seededUniform(seed);
    const ordinary = Array.from({ length: 50_000 }, () => {
      const sign = uniform() < 0.5 ? -1 : 1;
      return String(sign * (0.5 + uniform()) * 10 ** Math.floor(uniform() * 9 - 3));
    });
    expect(agreeWithNumber(ordinary, seed)).to.equal(ordinary.length);
    const wide = Array.from({ length: 50_000 }, () =>
      String((uniform() - 0.5) * 10 ** Math.floor(uniform() * 60 - 30)),
    );
    expect(agreeWithNumber(wide, seed)).to.be.above(10_000);
  });

  it('agrees with Number on random decimals of 1 to 19 digits, with and without exponents', () => {
    const seed = 12;
    const uniform = seededUniform(seed);
    const texts: string[] = [];
    for (let k = 0; k < 50_000; k++) {
      const length = 1 + Math.floor(uniform() * 19);
      let digits = '';
      for (let j = 0; j < length; j++) digits += Math.floor(uniform() * 10);
      const point = Math.floor(uniform() * (length + 1));
      const exponent = Math.floor(uniform() * 30 - 15);
      texts.push(digits, `-${digits.slice(0, point)}.${digits.slice(point)}`, `${digits}e${exponent}`);
    }
    expect(agreeWithNumber(texts, seed)).to.be.above(140_000);
  });

  it('rounds exact halfway cases to even, or leaves them to Number', () => {
    // Each lies exactly between two doubles: ties must go to the even one.
    const ties = ['4503599627370496.5', '4503599627370497.5', '2251799813685248.25', '2251799813685248.75'];
    const power = 2n ** 60n;
    for (let k = 0n; ties.length < 10; k++) {
      const midpoint = power + 128n + 256n * k;
      if (midpoint % 10n === 0n) ties.push(`${midpoint / 10n}e1`, `${midpoint}`);
    }
    for (const text of ties) {
      const value = parsed(text);
      if (value !== undefined) expect(value, text).to.equal(Number(text));
    }
    expect(parsed('9007199254740993')).to.equal(9007199254740992);
    expect(parsed('1152921504606847104')).to.equal(Number('1152921504606847104'));
  });

  it('stops at the first byte that cannot continue the number', () => {
    const bytes = Buffer.from('-12.5e3,7\r\n0.25x');
    const out = new Float64Array(3);
    expect(readDecimal(bytes, 0, bytes.length, out, 0)).to.equal(7);
    expect(readDecimal(bytes, 8, bytes.length, out, 1)).to.equal(9);
    expect(readDecimal(bytes, 11, bytes.length, out, 2)).to.equal(15);
    expect([...out]).to.deep.equal([-12500, 7, 0.25]);
    expect(readDecimal(bytes, 11, 13, out, 2)).to.equal(13);
    expect(out[2]).to.equal(0);
  });

  it('reads signs, zeros and short forms, and leaves everything else to Number', () => {
    expect(parsed('-0')).to.satisfy((v: number) => Object.is(v, -0));
    expect(parsed('0.000')).to.equal(0);
    expect(parsed('+5')).to.equal(5);
    expect(parsed('.5')).to.equal(0.5);
    expect(parsed('5.')).to.equal(5);
    expect(parsed('00012.50')).to.equal(12.5);
    expect(parsed('1e22')).to.equal(1e22);
    expect(parsed('1.5E-7')).to.equal(1.5e-7);
    for (const text of [
      '',
      '-',
      '.',
      'e5',
      '1e',
      '1.2.3',
      '1_0',
      ' 1',
      '1 ',
      '0x10',
      'Infinity',
      'NaN',
      '1e23',
      '12345678901234567890',
    ]) {
      expect(parsed(text), text).to.equal(undefined);
    }
  });
});
