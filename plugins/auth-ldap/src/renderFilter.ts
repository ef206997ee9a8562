import { Filter } from 'ldapts';

/** The values a filter template may refer to, as `{login}` and `{dn}`. */
export interface FilterValues {
  readonly login: string;
  readonly dn?: string;
}

/**
 * `template` with each `{login}` and `{dn}` replaced by that value escaped per RFC 4515 (`*`, `(`,
 * `)`, `\` and NUL become `\2a`, `\28`, `\29`, `\5c`, `\00`), so a login can only ever be a value,
 * never filter syntax. One pass, so a login containing `{dn}` stays literal text.
 * @throws Error when the template names `{dn}` and no DN is given (a configuration the schema lets through only for group filters).
 */
export function renderFilter(template: string, values: FilterValues): string {
  return template.replace(/\{(login|dn)\}/g, (_, name: 'login' | 'dn') => {
    const value = values[name];
    if (value === undefined)
      throw new Error(`the filter ${template} refers to {${name}}, which is unknown here`);
    return Filter.escape(value);
  });
}
