/** How many providers a port may have in one kernel. */
export type Cardinality = 'one' | 'many';

/**
 * A typed key for a port. The interface and its token share a name, so `ctx.get(Database)` is a
 * `Database` without a cast.
 */
export interface Token<T> {
  /** Stable id used in every message, e.g. `registry.modelRegistry`. */
  readonly id: string;
  /** `'one'`: a second provider is an error. `'many'`: read all providers with `getAll`. */
  readonly cardinality: Cardinality;
  /** A one-line description, shown by `mlops plugins`. */
  readonly description: string;
  /** The DI key. `Symbol.for` so two copies of plugin-api in one process agree on it. */
  readonly key: symbol;
  /** Phantom field that carries `T`; never set at run time. */
  readonly __type?: T;
  toString(): string;
}

/** Options of {@link createToken}. */
export interface TokenOptions {
  /** Stable id, `<area>.<port>`. */
  id: string;
  /** Defaults to `'one'`. */
  cardinality?: Cardinality;
  description?: string;
}

/**
 * Creates a port token.
 * @example
 * export const ModelRegistry = createToken<ModelRegistry>({ id: 'registry.modelRegistry' });
 */
export function createToken<T>(options: TokenOptions): Token<T> {
  const { id, cardinality = 'one', description = '' } = options;
  return Object.freeze({
    id,
    cardinality,
    description,
    key: Symbol.for(`mlops.token:${id}`),
    toString: () => `token(${id})`,
  });
}

/** The type a token stands for: `TokenType<typeof Database>` is `Database`. */
export type TokenType<K> = K extends Token<infer T> ? T : never;
