import { readdir } from 'node:fs/promises';
import { buffer as readAll } from 'node:stream/consumers';
import { InvalidArgumentError } from '@mlops/plugin-api';
import { rejectionOf } from '@mlops/plugin-api/testing';
import { expect } from 'chai';
import { maxKeyBytes } from '../src/index.js';
import { StorageLayout } from '../src/StorageLayout.js';
import { filesUnder, type TempStorage, tempStorage } from './tempStorage.js';

describe('StorageLayout (key to path)', () => {
  const layout = new StorageLayout('/store');
  const pathOf = (key: string) => layout.objectPath(key).slice('/store/objects/'.length);

  it('keeps lowercase ASCII readable, marks directories with ~ and escapes every other byte', () => {
    expect(pathOf('models/churn/1/model.onnx')).to.equal('models~/churn~/1~/model.onnx');
    expect(pathOf('Data/ünï code~#%.txt')).to.equal('%44ata~/%c3%bcn%c3%af%20code%7e%23%25.txt');
    expect(pathOf('./x/.')).to.equal('%2e~/x~/%2e');
  });

  it('gives a and a/b, a.json and a, A and a, NFC and NFD different paths', () => {
    const keys = ['a', 'a/b', 'a.json', 'a~', 'a%7e', 'A', 'a/b/c', 'a~/b', '\u00e9', 'e\u0301', '.', '%2e'];
    const paths = keys.map(pathOf);
    expect(new Set(paths).size).to.equal(keys.length);
    expect(new Set(paths.map((p) => p.toLowerCase().normalize('NFC'))).size).to.equal(keys.length);
  });

  it('names a segment too long to keep readable by its sha256, under the 255-byte name limit', () => {
    const long = 'ファイル'.repeat(20);
    const path = pathOf(`${long}/${long}`);
    expect(path).to.match(/^#[0-9a-f]{64}~\/#[0-9a-f]{64}$/);
    expect(pathOf(`x/${'y'.repeat(200)}`)).to.equal(`x~/${'y'.repeat(200)}`);
    expect(pathOf(`x/${'y'.repeat(201)}`)).to.match(/^x~\/#[0-9a-f]{64}$/);
  });

  it('keeps every key inside objects/, whatever it holds', () => {
    for (const key of ['..x/y', 'x/..y', '%2e%2e/x', '\\..\\x', 'a/./b', 'C:\\x', '~/x', '#/x']) {
      const path = layout.objectPath(key);
      expect(path.startsWith('/store/objects/'), key).to.equal(true);
      expect(path.split('/').slice(3), key).to.not.include.members(['', '.', '..']);
    }
  });

  it(`refuses a key over ${maxKeyBytes} UTF-8 bytes, and one with a lone surrogate`, () => {
    const long = 'é'.repeat(513);
    for (const [key, message, reason] of [
      [long, `blob key "${long}" is invalid: it is 1026 bytes long in UTF-8, more than 1024`, 'too_long'],
      ['a/\ud800', 'blob key "a/\\ud800" is invalid: it holds a lone UTF-16 surrogate', 'not_unicode'],
    ] as const) {
      let err: unknown;
      try {
        layout.objectPath(key);
      } catch (caught) {
        err = caught;
      }
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).message).to.equal(message);
      expect((err as InvalidArgumentError).details).to.deep.equal({ field: 'key', reason });
    }
    expect(() => layout.objectPath('é'.repeat(512))).to.not.throw();
  });

  describe('on disk', () => {
    let storage: TempStorage;
    beforeEach(async () => {
      storage = await tempStorage();
    });
    afterEach(() => storage.remove());

    it('stores a, a/b, a.json and A side by side, each with its own bytes', async () => {
      const keys = ['a', 'a/b', 'a.json', 'A', 'a/b/c'];
      for (const key of keys) await storage.store.put(key, `body of ${key}`);
      for (const key of keys) {
        expect((await readAll(await storage.store.get(key))).toString(), key).to.equal(`body of ${key}`);
      }
      expect(await filesUnder(storage.root)).to.deep.equal([
        'objects/%41',
        'objects/a',
        'objects/a.json',
        'objects/a~/b',
        'objects/a~/b~/c',
      ]);
    });

    it('removes the directories a delete leaves empty, and no others', async () => {
      await storage.store.put('x/y/z/deep.bin', 'deep');
      await storage.store.put('x/kept.bin', 'kept');
      await storage.store.delete('x/y/z/deep.bin');
      expect(await filesUnder(storage.layout.objects)).to.deep.equal(['x~/kept.bin']);
      expect(await readdir(storage.layout.objects, { recursive: true })).to.deep.equal(['x~', 'x~/kept.bin']);
      await storage.store.put('x/y/z/deep.bin', 'again');
      expect((await readAll(await storage.store.get('x/y/z/deep.bin'))).toString()).to.equal('again');
    });

    it('refuses a too long key in put before reading the body, storing nothing', async () => {
      let pulled = false;
      async function* body(): AsyncGenerator<Uint8Array> {
        pulled = true;
        yield new Uint8Array(1);
      }
      const err = await rejectionOf(storage.store.put('k'.repeat(maxKeyBytes + 1), body()));
      expect((err as InvalidArgumentError).details.reason).to.equal('too_long');
      expect(pulled).to.equal(false);
      expect(await filesUnder(storage.root)).to.deep.equal([]);
    });
  });
});
