/** Powers of ten that doubles hold exactly (10^0 to 10^22). */
const exactPowers = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Veltkamp's splitter for 53-bit doubles: 2^27 + 1. */
const splitter = 134217729;

/** Bound on the scaled sum's relative error (2^-102 shown), with room to spare. */
const errorBound = 2 ** -98;

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const highWord = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** The ulp of a double by its biased exponent; NaN where this parser never lands (tiny, infinite). */
const ulps = Float64Array.from({ length: 2048 }, (_, e) =>
  e > 53 && e < 2047 ? 2 ** (e - 1075) : Number.NaN,
);

/**
 * Reads the decimal number that starts at `bytes[start]` (and ends at the first byte that cannot
 * continue it, or at `limit`), writes to `into[at]` the double nearest to it, exactly as `Number`
 * gives it, and returns where it stopped; no string is made. It reads
 * `[+-]digits[.digits][(e|E)[+-]digits]` with at most 19 significant digits and a decimal exponent
 * within 22 of them (what `String(x)` writes for ordinary values). Returns -1 (writing nothing) for
 * anything else, and in the rare case (about 2^-46) where the result lies too close to a rounding
 * boundary to decide here: the caller then asks `Number` on the text.
 *
 * With at most 15 digits this is Clinger's fast path (one correctly rounded operation on exact
 * operands). With 16 to 19 digits the mantissa is held exactly as a sum of two doubles, scaled by
 * the exact power of ten with error-free transformations (Dekker), which leaves an error below
 * 2^-102 of the value; the result is the rounded sum when that error cannot cross half an ulp.
 */
export function readDecimal(
  bytes: Uint8Array,
  start: number,
  limit: number,
  into: Float64Array,
  at: number,
): number {
  let i = start;
  let negative = false;
  let c = i < limit ? bytes[i]! : 0;
  if (c === 45 || c === 43) {
    negative = c === 45;
    c = ++i < limit ? bytes[i]! : 0;
  }
  // The mantissa's first 15 significant digits (exact below 2^53) in head, up to 4 more in tail.
  let head = 0;
  let headDigits = 0;
  let tail = 0;
  let tailDigits = 0;
  let exponent = 0;
  const first = i;
  while (c === 48) c = ++i < limit ? bytes[i]! : 0;
  let digit = c - 48;
  while (digit >= 0 && digit <= 9 && headDigits < 15) {
    head = head * 10 + digit;
    headDigits++;
    digit = (++i < limit ? bytes[i]! : 0) - 48;
  }
  while (digit >= 0 && digit <= 9) {
    if (tailDigits === 4) return -1;
    tail = tail * 10 + digit;
    tailDigits++;
    digit = (++i < limit ? bytes[i]! : 0) - 48;
  }
  let digits = i - first;
  if (digit === -2) {
    const point = ++i;
    digit = (i < limit ? bytes[i]! : 0) - 48;
    if (headDigits === 0) {
      while (digit === 0) digit = (++i < limit ? bytes[i]! : 0) - 48;
    }
    while (digit >= 0 && digit <= 9 && headDigits < 15) {
      head = head * 10 + digit;
      headDigits++;
      digit = (++i < limit ? bytes[i]! : 0) - 48;
    }
    while (digit >= 0 && digit <= 9) {
      if (tailDigits === 4) return -1;
      tail = tail * 10 + digit;
      tailDigits++;
      digit = (++i < limit ? bytes[i]! : 0) - 48;
    }
    exponent = point - i;
    digits += i - point;
  }
  if (digits === 0) return -1;
  if (digit === 53 || digit === 21) {
    let k = i + 1;
    let exponentNegative = false;
    c = k < limit ? bytes[k]! : 0;
    if (c === 45 || c === 43) {
      exponentNegative = c === 45;
      c = ++k < limit ? bytes[k]! : 0;
    }
    let explicit = 0;
    const from = k;
    while (c >= 48 && c <= 57 && explicit < 1000) {
      explicit = explicit * 10 + c - 48;
      c = ++k < limit ? bytes[k]! : 0;
    }
    if (k === from) return -1;
    exponent += exponentNegative ? -explicit : explicit;
    i = k;
  }
  // Everything below is in this one function, and the result goes into an array rather than being
  // returned: a double returned from a call that is not inlined is boxed on the heap, and that
  // per-cell garbage cost more than the arithmetic.
  if (head === 0 && tail === 0) {
    into[at] = negative ? -0 : 0;
    return i;
  }
  if (exponent < -22 || exponent > 22) return -1;
  let magnitude: number;
  if (tailDigits === 0) {
    magnitude = exponent >= 0 ? head * exactPowers[exponent]! : head / exactPowers[-exponent]!;
    into[at] = negative ? -magnitude : magnitude;
    return i;
  }
  // The mantissa exactly, as high + low: head * 10^tailDigits (Dekker's product), plus tail.
  const shifted = exactPowers[tailDigits]!;
  const product = head * shifted;
  let t = splitter * head;
  let aHigh = t - (t - head);
  let aLow = head - aHigh;
  t = splitter * shifted;
  let bHigh = t - (t - shifted);
  let bLow = shifted - bHigh;
  const productError = aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
  const sum = product + tail;
  const rest = tail - (sum - product) + productError;
  const high = sum + rest;
  const low = rest - (high - sum);
  if (exponent === 0) {
    magnitude = high + low;
    into[at] = negative ? -magnitude : magnitude;
    return i;
  }
  // Scaled by the exact power of ten, as a + b with an error below 2^-102 of the value.
  const power = exactPowers[exponent > 0 ? exponent : -exponent]!;
  const a = exponent > 0 ? high * power : high / power;
  const back = exponent > 0 ? a : a * power;
  const factor = exponent > 0 ? high : a;
  t = splitter * factor;
  aHigh = t - (t - factor);
  aLow = factor - aHigh;
  t = splitter * power;
  bHigh = t - (t - power);
  bLow = power - bHigh;
  const backError = aHigh * bHigh - back + aHigh * bLow + aLow * bHigh + aLow * bLow;
  const b = exponent > 0 ? backError + low * power : (high - back - backError + low) / power;
  magnitude = a + b;
  const beyond = b - (magnitude - a);
  scratch[0] = magnitude;
  const hi = words[highWord]!;
  const ulp = ulps[(hi >>> 20) & 0x7ff]!;
  const atPowerOfTwo = (hi & 0xfffff) === 0 && words[1 - highWord] === 0;
  const halfGap = beyond < 0 && atPowerOfTwo ? ulp / 4 : ulp / 2;
  if (!(Math.abs(beyond) + magnitude * errorBound < halfGap)) return -1;
  into[at] = negative ? -magnitude : magnitude;
  return i;
}
