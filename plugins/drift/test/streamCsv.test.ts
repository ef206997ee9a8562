import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidArgumentError } from '@mlops/plugin-api';
import { expect } from 'chai';
import type { ColumnData } from '../src/report/ColumnData.js';
import type { DatasetFormat } from '../src/report/readRecords.js';
import { SpilledDataset } from '../src/report/SpilledDataset.js';

/** The text in chunks of `size` bytes (1 puts every byte boundary between two chunks). */
function chunked(text: string | Buffer, size: number): Readable {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, i * size + size),
    ),
  );
}

async function read(text: string | Buffer, format: DatasetFormat = 'csv', size = 1 << 16) {
  const dataset = await SpilledDataset.spill([{ format, body: chunked(text, size) }], {});
  try {
    const columns: Record<string, ColumnData> = {};
    for (const name of dataset.schema.keys()) columns[name] = await dataset.load(name);
    return { rows: dataset.rows, schema: Object.fromEntries(dataset.schema), columns };
  } finally {
    await dataset.dispose();
  }
}

const numbers = (data: ColumnData | undefined) =>
  data?.kind === 'numeric' ? [...data.values] : expect.fail('not numeric');
const counts = (data: ColumnData | undefined) =>
  data?.kind === 'categorical' ? Object.fromEntries(data.counts) : expect.fail('not categorical');

async function failure(text: string, format: DatasetFormat = 'csv'): Promise<InvalidArgumentError> {
  const err = await read(text, format).catch((e: unknown) => e);
  expect(err).to.be.instanceOf(InvalidArgumentError);
  return err as InvalidArgumentError;
}

async function spillDirectories(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith('mlops-drift-'));
}

describe('stream: CSV and JSON Lines reading', () => {
  const tricky = [
    '\ufeffx, plan ,"note"\r\n',
    '1.5,"a,b","said ""hi"""\r\n',
    '-2e3 ,"multi\r\nline", plain \r\n',
    '\r\n',
    ',"",""\r\n',
    '  7 ,a,"x"  \r\n',
    '0.1,a,last',
  ].join('');

  it('reads quoted cells (commas, doubled quotes, line breaks), CRLF, a BOM, empty cells and lines', async () => {
    for (const size of [1, 2, 3, 7, 1 << 16]) {
      const { rows, schema, columns } = await read(tricky, 'csv', size);
      expect(rows, `chunks of ${size}`).to.equal(5);
      expect(schema).to.deep.equal({ x: 'numeric', plan: 'categorical', note: 'categorical' });
      expect(numbers(columns.x)).to.deep.equal([1.5, -2000, 7, 0.1]);
      expect(counts(columns.plan)).to.deep.equal({ 'a,b': 1, 'multi\r\nline': 1, a: 2 });
      expect(counts(columns.note)).to.deep.equal({ 'said "hi"': 1, plain: 1, x: 1, last: 1 });
    }
  });

  it('parses numbers exactly as Number does, also past the first 1,000 rows', async () => {
    const values = Array.from({ length: 3000 }, (_, i) =>
      i % 7 === 0 ? Number.NaN : Math.sin(i) * 10 ** ((i % 9) - 4),
    );
    const text = `v,k\n${values.map((v) => `${Number.isNaN(v) ? '' : String(v)},k`).join('\n')}\n`;
    const { rows, columns } = await read(text, 'csv', 4096);
    expect(rows).to.equal(3000);
    expect(numbers(columns.v)).to.deep.equal(values.filter((v) => !Number.isNaN(v)));
  });

  it('refuses a ragged row, naming the row and the column', async () => {
    const short = await failure('a,b,c\n1,2,3\n4,5\n');
    expect(short.message).to.equal('row 2: 2 cells, but the header has 3 columns: column "c" is missing');
    expect(short.details).to.include({ field: 'c', reason: 'ragged' });
    const long = await failure('a,b\n1,2\n3,4\n5,6,7\n');
    expect(long.message).to.equal("row 3: cell 3 is past the header's 2 columns");
    expect(long.details).to.include({ field: 'body', reason: 'ragged' });
  });

  it('refuses stray and unclosed quotes and duplicate header names, naming where', async () => {
    expect((await failure('a,b\n1,x"y\n')).message).to.equal(
      'row 1, column "b" has a quote inside an unquoted cell',
    );
    expect((await failure('a,b\n1,"x"y\n')).message).to.equal(
      'row 1, column "b" has text after the closing quote of a cell',
    );
    expect((await failure('a,b\n1,2\n3,"open\n4,5\n')).message).to.equal(
      'row 2, column "b" has a quoted cell that is never closed',
    );
    expect((await failure('a,b,a\n1,2,3\n')).message).to.equal('header: column "a" appears twice');
  });

  it('names the row and column of a value that does not fit, and leaves no files behind', async () => {
    const before = await spillDirectories();
    const rows = Array.from({ length: 1500 }, (_, i) => `${i},k${i % 3}`);
    rows[1200] = 'n/a,k0';
    const err = await failure(`x,k\n${rows.join('\n')}\n`);
    expect(err.message).to.equal('row 1201: column "x" must be a number, got "n/a"');
    expect(err.details).to.include({ field: 'x', reason: 'invalid_type' });
    expect(await spillDirectories()).to.deep.equal(before);
  });

  it('reads JSON Lines with a BOM, blank lines and CRLF, in any chunking', async () => {
    const text = '\ufeff{"x":1,"c":"a"}\r\n\n  \n{"x":null,"c":"b"}\n{"x":2.5,"c":true}';
    for (const size of [1, 5, 1 << 16]) {
      const { rows, columns } = await read(text, 'jsonl', size);
      expect(rows).to.equal(3);
      expect(numbers(columns.x)).to.deep.equal([1, 2.5]);
      expect(counts(columns.c)).to.deep.equal({ a: 1, b: 1, true: 1 });
    }
    expect((await failure('{"x":1}\n\n[1]\n', 'jsonl')).message).to.equal('body line 3 is not a JSON object');
  });

  it('reads string chunks and multi-byte characters split between chunks', async () => {
    const text = 'name,v\nzürich,1\n"café, crème",2\n日本,3\n';
    const { columns } = await read(Buffer.from(text), 'csv', 1);
    expect(counts(columns.name)).to.deep.equal({ zürich: 1, 'café, crème': 1, 日本: 1 });
    const spilled = await SpilledDataset.spill(
      [{ format: 'csv', body: Readable.from(['a,b\n1,', 'x\n2,y\n']) }],
      {
        directory: join(tmpdir()),
      },
    );
    expect(spilled.rows).to.equal(2);
    expect(counts(await spilled.load('b'))).to.deep.equal({ x: 1, y: 1 });
    await spilled.dispose();
  });
});
