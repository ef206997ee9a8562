import { readFileSync } from 'node:fs';
import { configErrorCodes } from '@mlops/config';
import { kernelErrorCodes } from '@mlops/core';
import { expect } from 'chai';

const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

describe('docs/errors.md', () => {
  const documented = [...docs.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((m) => m[1]!);
  const defined = [...Object.keys(kernelErrorCodes), ...Object.keys(configErrorCodes)];

  it('documents every kernel and config error code', () => {
    expect(defined.filter((c) => !documented.includes(c))).to.deep.equal([]);
  });

  it('documents no code that does not exist', () => {
    expect(documented.filter((c) => !defined.includes(c))).to.deep.equal([]);
  });
});
