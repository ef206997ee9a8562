import { expect } from 'chai';
import { runCli } from '../src/index.js';
import { fixtureProject, recordingIo } from './fixtureProject.js';

const greeterJson = (options: object) =>
  JSON.stringify({ logLevel: 'warn', plugins: [['mlops-plugin-greeter', options]] });

describe('mlops command', () => {
  const projects: { remove(): void }[] = [];
  const project = (files: Record<string, string>) => {
    const p = fixtureProject(files);
    projects.push(p);
    return p;
  };
  after(() => {
    for (const p of projects) p.remove();
  });

  it('lists its commands in --help', async () => {
    const { io, out } = recordingIo(process.cwd());
    expect(await runCli(['--help'], io)).to.equal(0);
    const help = out.join('\n');
    for (const command of ['config', 'plugins', 'start|serve']) expect(help).to.contain(command);
  });

  it('validates a JSON config that loads a third-party plugin by module name', async () => {
    const p = project({ 'mlops.config.json': greeterJson({ greeting: 'hi' }) });
    const { io, out, err } = recordingIo(p.dir);
    expect(await runCli(['config', 'validate'], io)).to.equal(0);
    expect(err).to.deep.equal([]);
    expect(out).to.deep.equal([`${p.path('mlops.config.json')}: valid (1 plugins)`]);
  });

  it('fails validation naming the file, the plugin and every bad field', async () => {
    const p = project({ 'mlops.config.json': greeterJson({ port: 'eighty', colour: 'red' }) });
    const { io, err } = recordingIo(p.dir);
    expect(await runCli(['config', 'validate'], io)).to.equal(1);
    const file = p.path('mlops.config.json');
    expect(err).to.deep.equal([
      `error: ${file}: plugin "mlops-plugin-greeter": /colour is not a known option`,
      `error: ${file}: plugin "mlops-plugin-greeter": /port must be integer`,
      '(PLUGIN_BAD_OPTIONS; see docs/errors.md)',
    ]);
  });

  it('fails on a misspelt top-level key and on an unknown plugin module', async () => {
    const typo = project({ 'mlops.config.json': JSON.stringify({ plugin: [] }) });
    const typoRun = recordingIo(typo.dir);
    expect(await runCli(['config', 'validate'], typoRun.io)).to.equal(1);
    expect(typoRun.err[0]).to.equal(
      `error: ${typo.path('mlops.config.json')}: unknown top-level key "plugin" (did you mean "plugins"?)`,
    );
    const unknown = project({ 'mlops.config.yaml': 'plugins:\n  - mlops-plugin-nope\n' });
    const unknownRun = recordingIo(unknown.dir);
    expect(await runCli(['config', 'validate'], unknownRun.io)).to.equal(1);
    expect(unknownRun.err[0]).to.match(/^error: .*mlops\.config\.yaml: .*"mlops-plugin-nope"/);
    expect(unknownRun.err.at(-1)).to.equal('(CONFIG_UNKNOWN_PLUGIN; see docs/errors.md)');
  });

  it('prints the resolved config with defaults and masked secrets', async () => {
    const p = project({ 'mlops.config.json': greeterJson({ apiKey: 'sk-live-123' }) });
    const { io, out } = recordingIo(p.dir);
    expect(await runCli(['config', 'print'], io)).to.equal(0);
    const printed = JSON.parse(out.join('\n'));
    expect(printed).to.deep.equal({
      source: p.path('mlops.config.json'),
      logLevel: 'warn',
      shutdownTimeoutMs: 10000,
      plugins: [
        {
          name: 'mlops-plugin-greeter',
          version: '2.1.0',
          options: { apiKey: '***', greeting: 'hello', port: 7000 },
        },
      ],
    });
    expect(out.join('\n')).not.to.contain('sk-live-123');
  });

  it('lists plugins with versions and ports', async () => {
    const p = project({ 'mlops.config.json': greeterJson({}) });
    const { io, out } = recordingIo(p.dir);
    expect(await runCli(['plugins'], io)).to.equal(0);
    expect(out).to.deep.equal([
      `plugins from ${p.path('mlops.config.json')}:`,
      'PLUGIN                VERSION  API     PROVIDES  REQUIRES  OPTIONAL',
      'mlops-plugin-greeter  2.1.0    ^0.1.0  -         -         -',
    ]);
  });

  it('runs a command a plugin contributed, with its arguments and options', async () => {
    const p = project({ 'mlops.config.json': greeterJson({ greeting: 'hello' }) });
    const { io, out } = recordingIo(p.dir);
    expect(await runCli(['greet', 'person', 'Ada', '--shout'], io)).to.equal(0);
    expect(out).to.deep.equal(['HELLO ADA']);
  });

  it('reads the config named by --config', async () => {
    const p = project({ 'conf/other.json': greeterJson({ greeting: 'salut' }) });
    const { io, out } = recordingIo(p.dir);
    expect(await runCli(['--config', 'conf/other.json', 'greet', 'person', 'Ada'], io)).to.equal(0);
    expect(out).to.deep.equal(['salut Ada']);
  });

  it('answers an unknown command with a usage error', async () => {
    const p = project({ 'mlops.config.json': greeterJson({}) });
    const { io, err } = recordingIo(p.dir);
    expect(await runCli(['fly'], io)).to.equal(2);
    expect(err.join('\n')).to.contain("unknown command 'fly'");
  });
});
