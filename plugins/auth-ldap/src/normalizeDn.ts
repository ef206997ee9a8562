/**
 * A DN in one canonical spelling, for comparing two DNs: attribute names and values lower-cased,
 * spaces around separators dropped, and escapes (`\,`, `\2C`) decoded then re-escaped the same
 * way. `CN=ML Admins, OU=Groups,DC=Example` and `cn=ml admins,ou=groups,dc=example` are equal.
 * Multi-valued RDNs (`cn=a+uid=b`) keep their order; that is enough for configured group names.
 */
export function normalizeDn(dn: string): string {
  return splitUnescaped(dn, ',')
    .map((rdn) =>
      splitUnescaped(rdn, '+')
        .map((pair) => {
          const eq = pair.indexOf('=');
          if (eq < 0) return unescapeValue(trimValue(pair)).toLowerCase();
          const type = pair.slice(0, eq).trim().toLowerCase();
          return `${type}=${escapeValue(unescapeValue(trimValue(pair.slice(eq + 1))).toLowerCase())}`;
        })
        .join('+'),
    )
    .join(',');
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[i + 1];
      i++;
    } else if (c === separator) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

/** Decodes RFC 4514 escapes: `\XX` hex bytes (UTF-8) and `\c` for a special character. */
function unescapeValue(value: string): string {
  const bytes: number[] = [];
  const pushChar = (at: number) => {
    const ch = String.fromCodePoint(value.codePointAt(at)!);
    bytes.push(...Buffer.from(ch, 'utf8'));
    return ch.length;
  };
  let i = 0;
  while (i < value.length) {
    if (value[i] === '\\' && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16));
      i += 3;
    } else if (value[i] === '\\' && i + 1 < value.length) {
      i += 1 + pushChar(i + 1);
    } else {
      i += pushChar(i);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Drops spaces around a value, but not an escaped trailing one (`a\ `). */
function trimValue(value: string): string {
  const start = value.trimStart();
  const end = start.trimEnd();
  return end.endsWith('\\') && end.length < start.length ? `${end} ` : end;
}

function escapeValue(value: string): string {
  return value.replace(/[\\,+"<>;=\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
