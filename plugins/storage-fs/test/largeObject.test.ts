import { expect } from 'chai';
import { startFixture } from './startFixture.js';
import { type TempStorage, tempStorage } from './tempStorage.js';

const MiB = 1024 * 1024;

describe('a 256 MiB object', function () {
  this.timeout(60_000);
  let storage: TempStorage;
  beforeEach(async () => {
    storage = await tempStorage();
  });
  afterEach(() => storage.remove());

  it('streams in and out with the right sha256, the RSS growing by less than 64 MiB', async () => {
    const fixture = startFixture('largeRoundTrip', [storage.root, '256'], ['--expose-gc']);
    const result = JSON.parse(await fixture.line('{')) as {
      expected: string;
      recorded: string;
      read: string;
      size: number;
      readBytes: number;
      startRss: number;
      peakRss: number;
      ms: number;
    };
    expect(await fixture.exited).to.equal(0);
    expect(result.size).to.equal(256 * MiB);
    expect(result.readBytes).to.equal(256 * MiB);
    expect(result.recorded).to.equal(result.expected);
    expect(result.read).to.equal(result.expected);
    const grewMiB = (result.peakRss - result.startRss) / MiB;
    expect(grewMiB, `RSS grew by ${grewMiB.toFixed(1)} MiB in ${result.ms} ms`).to.be.below(64);
  });
});
