/**
 * A secret that prints as `***`: in JSON, in `util.inspect` (and so in logs and error dumps), in
 * template strings. Only `reveal()` gives the value, where it must be sent.
 */
export class SecretString {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The secret itself. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '***';
  }

  toJSON(): string {
    return '***';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'SecretString(***)';
  }
}
