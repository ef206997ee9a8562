import Database from 'better-sqlite3';
import { expect } from 'chai';
import { runCli } from '../src/index.js';
import { fixtureProject, recordingIo } from './fixtureProject.js';

// Absolute paths: relative ones resolve from the process's working directory, not the project's.
const platformConfig = (dir: string) =>
  JSON.stringify({
    logLevel: 'warn',
    plugins: [
      ['@mlops/plugin-store-sql', { url: `sqlite:${dir}/data/mlops.db` }],
      ['@mlops/plugin-storage-fs', { root: `${dir}/data/artifacts` }],
      '@mlops/plugin-tracking',
    ],
  });

describe('mlops migrate and mlops gc', () => {
  it('applies every plugin migration without starting anything', async () => {
    const p = fixtureProject();
    p.write('mlops.config.json', platformConfig(p.dir));
    try {
      const { io, out, err } = recordingIo(p.dir);
      expect(await runCli(['migrate'], io)).to.equal(0, err.join('\n'));
      expect(out).to.deep.equal([`migrations applied for 3 plugins from ${p.path('mlops.config.json')}`]);
      const db = new Database(p.path('data/mlops.db'), { readonly: true });
      const plugins = db.prepare('SELECT DISTINCT plugin FROM mlops_migrations').pluck().all();
      db.close();
      expect(plugins).to.deep.equal(['@mlops/plugin-tracking']);
    } finally {
      p.remove();
    }
  });

  it('runs the gc command of every plugin that has one, passing --dry-run through', async () => {
    const p = fixtureProject();
    p.write('mlops.config.json', platformConfig(p.dir));
    try {
      const { io, out, err } = recordingIo(p.dir);
      expect(await runCli(['gc', '--dry-run'], io)).to.equal(0, err.join('\n'));
      expect(out[0]).to.equal('tracking gc (@mlops/plugin-tracking):');
      expect(out[1]).to.match(
        /^would delete 0 orphaned artifact\(s\) \(0 bytes\) of 0 object\(s\) under experiments\//,
      );
    } finally {
      p.remove();
    }
  });

  it('says so when no plugin collects garbage', async () => {
    const p = fixtureProject({
      'mlops.config.json': JSON.stringify({ logLevel: 'warn', plugins: ['mlops-plugin-greeter'] }),
    });
    try {
      const { io, out } = recordingIo(p.dir);
      expect(await runCli(['gc'], io)).to.equal(0);
      expect(out).to.deep.equal(['no plugin collects garbage in this config']);
    } finally {
      p.remove();
    }
  });
});
