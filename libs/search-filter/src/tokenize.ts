import { searchError } from './searchError.js';

/** One segment of a dotted name: `metrics`, `acc`, or the content of a quoted `my key`. */
export interface NamePart {
  readonly text: string;
  readonly quoted: boolean;
  readonly position: number;
}

/** A lexical token; `raw` is the text as written, `position` its 0-based offset. */
export type Token =
  | {
      readonly kind: 'name';
      readonly raw: string;
      readonly position: number;
      readonly parts: readonly NamePart[];
    }
  | { readonly kind: 'string'; readonly raw: string; readonly position: number; readonly value: string }
  | { readonly kind: 'number'; readonly raw: string; readonly position: number; readonly value: number }
  | { readonly kind: 'operator' | 'punctuation' | 'other'; readonly raw: string; readonly position: number }
  | { readonly kind: 'end'; readonly raw: ''; readonly position: number };

const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;
const WORD_START = /[\p{L}_]/u;
const WORD = /[\p{L}\p{M}\p{N}_]+/uy;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const SPACE = /\s/u;
// Longest first, so that `<=` is not read as `<` then `=`. `<>` and `==` are read so that the
// parser can name them in its error instead of stumbling on half of them.
const OPERATORS = ['!=', '<>', '<=', '>=', '==', '=', '<', '>'] as const;
const MAX_SHOWN = 40;

// The whole code point at `index`, so that letters beyond the BMP (two UTF-16 units) are letters.
function codePointAt(input: string, index: number): string {
  const code = input.codePointAt(index);
  return code === undefined ? '' : String.fromCodePoint(code);
}

/** How a token appears in "found ..." messages: quoted and cut short, or `end of input`. */
export function describeToken(token: Token): string {
  return token.kind === 'end' ? 'end of input' : `"${shorten(token.raw)}"`;
}

/** Raw text cut to a readable length for messages. */
export function shorten(raw: string): string {
  return raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN - 3)}...` : raw;
}

/**
 * Splits a filter or order_by clause into tokens, ending with an `end` token.
 * @throws InvalidArgumentError on an unterminated string or quoted name, a dangling `prefix.`,
 *   or a number too large to be finite.
 */
export function tokenize(input: string, field: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (position: number, message: string, reason: 'syntax' | 'value' = 'syntax'): never => {
    throw searchError(field, position, message, reason);
  };

  // A quoted string or name from the quote at `start`. A doubled quote stands for itself; in string
  // values, a backslash also escapes a quote or a backslash (any other backslash is kept as written).
  const readQuoted = (start: number, backslash: boolean, what: string): { text: string; end: number } => {
    const quote = input[start];
    let text = '';
    let j = start + 1;
    while (j < input.length) {
      const c = input[j] as string;
      if (c === quote) {
        if (input[j + 1] !== quote) return { text, end: j + 1 };
        text += quote;
        j += 2;
      } else if (
        backslash &&
        c === '\\' &&
        (input[j + 1] === "'" || input[j + 1] === '"' || input[j + 1] === '\\')
      ) {
        text += input[j + 1];
        j += 2;
      } else {
        text += c;
        j += 1;
      }
    }
    return fail(start, `unterminated ${what} starting at position ${start}`);
  };

  const readWord = (start: number): NamePart => {
    WORD.lastIndex = start;
    const match = WORD.exec(input) as RegExpExecArray;
    return { text: match[0], quoted: false, position: start };
  };

  const readName = (start: number): Token => {
    const parts: NamePart[] = [];
    let end: number;
    if (input[start] === '`') {
      const quoted = readQuoted(start, false, 'quoted name');
      parts.push({ text: quoted.text, quoted: true, position: start });
      end = quoted.end;
    } else {
      parts.push(readWord(start));
      end = start + (parts[0] as NamePart).text.length;
    }
    // `prefix.key` with a key that is one word or one quoted name; an unquoted key may go on with
    // more dots (`tags.mlflow.runName`), as MLflow splits on the first dot only.
    while (input[end] === '.') {
      const keyStart = end + 1;
      const next = keyStart < input.length ? codePointAt(input, keyStart) : undefined;
      if (parts.length === 1 && (next === '`' || next === '"')) {
        const quoted = readQuoted(keyStart, false, 'quoted name');
        parts.push({ text: quoted.text, quoted: true, position: keyStart });
        end = quoted.end;
        break;
      }
      if (next !== undefined && WORD_CHAR.test(next)) {
        const part = readWord(keyStart);
        parts.push(part);
        end = keyStart + part.text.length;
        continue;
      }
      if (parts.length > 1) break;
      const found = next === undefined ? 'end of input' : `"${next}"`;
      const hint = next === "'" ? ' (quote names with backticks or double quotes)' : '';
      fail(
        keyStart,
        `expected a name after "${shorten(input.slice(start, keyStart))}" at position ${keyStart}, found ${found}${hint}`,
      );
    }
    return { kind: 'name', raw: input.slice(start, end), position: start, parts };
  };

  while (i < input.length) {
    const c = codePointAt(input, i);
    if (SPACE.test(c)) {
      i += c.length;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"') {
      const quoted = readQuoted(start, true, 'string');
      tokens.push({
        kind: 'string',
        raw: input.slice(start, quoted.end),
        position: start,
        value: quoted.text,
      });
      i = quoted.end;
      continue;
    }
    if (c === '`' || WORD_START.test(c)) {
      const token = readName(start);
      tokens.push(token);
      i = start + token.raw.length;
      continue;
    }
    NUMBER.lastIndex = start;
    const number = NUMBER.exec(input);
    if (number) {
      const raw = number[0];
      const value = Number(raw);
      if (!Number.isFinite(value))
        fail(start, `number out of range (found ${shorten(raw)} at position ${start})`, 'value');
      tokens.push({ kind: 'number', raw, position: start, value: value === 0 ? 0 : value });
      i = start + raw.length;
      continue;
    }
    const operator = OPERATORS.find((op) => input.startsWith(op, start));
    if (operator) {
      tokens.push({ kind: 'operator', raw: operator, position: start });
      i += operator.length;
      continue;
    }
    const punctuation = c === '(' || c === ')' || c === ',';
    tokens.push({ kind: punctuation ? 'punctuation' : 'other', raw: c, position: start });
    i += c.length;
  }
  tokens.push({ kind: 'end', raw: '', position: input.length });
  return tokens;
}

/** The upper-cased word of an unquoted one-part ASCII name (`and` gives `AND`), else undefined. */
export function keywordOf(token: Token): string | undefined {
  if (token.kind !== 'name' || token.parts.length !== 1) return undefined;
  const part = token.parts[0] as NamePart;
  // ASCII only: `'ı'.toUpperCase()` is `I`, and `ın` must not read as IN.
  return !part.quoted && /^[A-Za-z]+$/.test(part.text) ? part.text.toUpperCase() : undefined;
}

/**
 * A name token for a field written as a name, or as a double-quoted string where only a field can
 * stand (`"run_id" = 'x'`: MLflow strips double quotes from a bare attribute too); else undefined.
 */
export function fieldNameOf(token: Token): Extract<Token, { kind: 'name' }> | undefined {
  if (token.kind === 'name') return token;
  if (token.kind !== 'string' || !token.raw.startsWith('"')) return undefined;
  const part: NamePart = { text: token.value, quoted: true, position: token.position };
  return { kind: 'name', raw: token.raw, position: token.position, parts: [part] };
}
