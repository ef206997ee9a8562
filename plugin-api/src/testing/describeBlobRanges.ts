import { buffer as readAll } from 'node:stream/consumers';
import { expect } from 'chai';
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import type { GetOptions } from '../ports/BlobStore.js';
import type { BlobStoreCaseContext } from './BlobStoreCaseContext.js';
import { readableOf, seededBytes, sha256Of } from './blobBodies.js';
import { rejectionOf } from './rejectionOf.js';

type Range = NonNullable<GetOptions['range']>;

/** Ranged reads: `end` inclusive, an `end` past the object clamped, a bad range refused. */
export function describeBlobRanges(ctx: BlobStoreCaseContext): void {
  describe('byte ranges', () => {
    const digits = (): string => ctx.key('ranges/digits.txt');
    before(async () => {
      await ctx.store().put(digits(), '0123456789');
    });

    const valid: readonly [Range, string, string][] = [
      [{ start: 3 }, '3456789', 'from start to the end when only start is given'],
      [{ start: 3, end: 5 }, '345', 'from start to end, both inclusive'],
      [{ start: 0, end: 0 }, '0', 'the first byte alone'],
      [{ start: 9 }, '9', 'the last byte alone'],
      [{ start: 0, end: 9 }, '0123456789', 'the whole object when the range covers it exactly'],
      [{ start: 7, end: 100 }, '789', 'up to the last byte when end is past it (clamped)'],
    ];
    for (const [range, expected, title] of valid) {
      it(`reads ${title}: ${JSON.stringify(range)} -> "${expected}"`, async () => {
        const read = await readAll(await ctx.store().get(digits(), { range }));
        expect(read.toString('latin1')).to.equal(expected);
      });
    }

    it('reads a range that spans many chunks of a 3 MiB streamed object', async () => {
      const key = ctx.key('ranges/large.bin');
      const bytes = seededBytes(3 * 1024 * 1024, 31);
      await ctx.store().put(key, readableOf(bytes, 64 * 1024));
      const read = await readAll(await ctx.store().get(key, { range: { start: 1_000_003, end: 2_500_000 } }));
      expect(read.length).to.equal(1_500_000 - 2);
      expect(sha256Of(read)).to.equal(sha256Of(bytes.subarray(1_000_003, 2_500_001)));
    });

    const invalid: readonly [Range, string][] = [
      [{ start: 10 }, 'a start just past the last byte'],
      [{ start: 50, end: 60 }, 'a start far past the last byte'],
      [{ start: -1 }, 'a negative start'],
      [{ start: 0, end: -1 }, 'a negative end'],
      [{ start: 5, end: 4 }, 'an end before the start'],
      [{ start: 1.5 }, 'a fractional start'],
      [{ start: 1, end: 2.5 }, 'a fractional end'],
    ];
    for (const [range, title] of invalid) {
      it(`refuses ${title} ${JSON.stringify(range)} with InvalidArgumentError on field "range"`, async () => {
        const err = await rejectionOf(
          ctx.store().get(digits(), { range }),
          `get with range ${JSON.stringify(range)}`,
        );
        expect(err).to.be.instanceOf(InvalidArgumentError);
        expect((err as InvalidArgumentError).details.field).to.equal('range');
      });
    }

    it('refuses any range of an empty object, which has no byte to start at', async () => {
      const key = ctx.key('ranges/empty.bin');
      await ctx.store().put(key, Buffer.alloc(0));
      const err = await rejectionOf(
        ctx.store().get(key, { range: { start: 0 } }),
        'a ranged get of an empty object',
      );
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).details.field).to.equal('range');
    });

    it('answers a ranged get of a missing key with NotFoundError', async () => {
      const err = await rejectionOf(
        ctx.store().get(ctx.key('ranges/missing.bin'), { range: { start: 0, end: 1 } }),
        'a ranged get of a missing key',
      );
      expect(err).to.be.instanceOf(NotFoundError);
    });
  });
}
