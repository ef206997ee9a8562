import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobMultipartUploads, BlobStore, isMlopsError } from '@mlops/plugin-api';
import { createTestKernel, rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { FsBlobStore, FsMultipartUploads, storageFsPlugin } from '../src/index.js';

const plugin = '@mlops/plugin-storage-fs';

describe('storageFsPlugin', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storage-fs-plugin-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is named and versioned as its package', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(storageFsPlugin.manifest.name).to.equal(pkg.name);
    expect(storageFsPlugin.manifest.version).to.equal(pkg.version);
  });

  it('provides BlobStore and BlobMultipartUploads on one root, by default .mlops/artifacts with fsync', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const kernel = await createTestKernel({ plugins: [storageFsPlugin()] });
      try {
        expect(kernel.plugins[0]?.maskedOptions).to.deep.equal({ root: '.mlops/artifacts', fsync: true });
        const store = kernel.get(BlobStore);
        expect(store).to.be.instanceOf(FsBlobStore);
        expect((store as FsBlobStore).root).to.equal(join(dir, '.mlops', 'artifacts'));
        expect(kernel.get(BlobMultipartUploads)).to.be.instanceOf(FsMultipartUploads);
        const upload = await kernel.get(BlobMultipartUploads).create('a/b.txt');
        const part = await kernel.get(BlobMultipartUploads).uploadPart(upload, 1, 'via uploads');
        await kernel.get(BlobMultipartUploads).complete(upload, [part]);
        expect((await store.head('a/b.txt')).size).to.equal('via uploads'.length);
      } finally {
        await kernel.stop();
      }
    } finally {
      process.chdir(cwd);
    }
    expect(await readdir(join(dir, '.mlops', 'artifacts'))).to.have.members(['objects', 'tmp', 'uploads']);
  });

  it('refuses an unknown option and options of the wrong type, naming each', async () => {
    const err = await rejectionOf(
      createTestKernel({ plugins: [storageFsPlugin({ root: '', fsync: 'yes', rot: dir } as never)] }),
    );
    expect(isMlopsError(err, 'InvalidArgument')).to.equal(true);
    expect((err as { code?: string }).code).to.equal('PLUGIN_BAD_OPTIONS');
    expect((err as Error).message.split('\n')).to.have.members([
      `plugin "${plugin}": /rot is not a known option`,
      `plugin "${plugin}": /root must NOT have fewer than 1 characters`,
      `plugin "${plugin}": /fsync must be boolean`,
    ]);
  });

  it('fails setup, naming the root, when the root is a file', async () => {
    const file = join(dir, 'not-a-directory');
    await writeFile(file, 'x');
    const err = await rejectionOf(createTestKernel({ plugins: [storageFsPlugin({ root: file })] }));
    expect((err as Error).message).to.equal(
      `plugin "${plugin}" failed in setup: storage root "${file}" cannot be used: ENOTDIR: not a directory, mkdir '${file}/objects'`,
    );
  });

  it('sweeps leftovers older than an hour at start, logs how many, and keeps younger ones', async () => {
    const root = join(dir, 'store');
    const first = await createTestKernel({ plugins: [storageFsPlugin({ root, fsync: false })] });
    await first.stop();
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await writeFile(join(root, 'tmp', 'aaaa.object'), 'crashed put');
    await utimes(join(root, 'tmp', 'aaaa.object'), old, old);
    await writeFile(join(root, 'tmp', 'bbbb.part'), 'put in progress elsewhere');
    await mkdir(join(root, 'uploads', 'c'.repeat(32)));
    await utimes(join(root, 'uploads', 'c'.repeat(32)), old, old);

    const kernel = await createTestKernel({ plugins: [storageFsPlugin({ root, fsync: false })] });
    try {
      expect(await readdir(join(root, 'tmp'))).to.deep.equal(['bbbb.part']);
      expect(await readdir(join(root, 'uploads'))).to.deep.equal([]);
      const line = kernel.logs.find((l) => l.plugin === plugin);
      expect(line).to.include({
        level: 30,
        msg: 'removed 2 leftovers of interrupted writes',
        swept: 2,
        root,
      });
      expect((await stat(join(root, 'tmp', 'bbbb.part'))).size).to.equal(25);
    } finally {
      await kernel.stop();
    }
  });
});
