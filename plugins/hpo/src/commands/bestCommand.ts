import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type CommandSpec, FailedPreconditionError, InvalidArgumentError } from '@mlops/plugin-api';
import type { Hpo } from '../HpoService.js';
import { commandCall } from './commandCall.js';

/**
 * `mlops hpo best <study> [--out file] [--merge]`: prints the best trial's parameters as JSON (the
 * first of the Pareto front for several objectives), or writes them into a run's JSON config:
 * `--out` replaces the file, `--merge` keeps its other keys and overwrites the tuned ones.
 */
export function bestCommand(hpo: Hpo): CommandSpec {
  return {
    name: 'hpo best',
    description: "print a study's best parameters as JSON, or write them into a JSON config file",
    arguments: [{ name: 'study', description: 'the study name or id' }],
    options: [
      { flags: '-o, --out <file>', description: 'write them to this JSON file instead of printing them' },
      { flags: '--merge', description: "with --out: keep the file's other keys", defaultValue: false },
    ],
    async run({ args, options, print }) {
      const call = commandCall();
      const study = await hpo.getStudy(args[0]!, call);
      const [best] = await hpo.bestTrials(study.id, call);
      if (best === undefined) {
        throw new FailedPreconditionError(`study "${study.name}" has no complete trial yet`, {
          reason: 'no_complete_trial',
        });
      }
      const params = best.params;
      if (typeof options.out !== 'string') {
        print(JSON.stringify(params, null, 2));
        return;
      }
      const out = resolve(options.out);
      const base = options.merge === true ? await readConfig(out) : {};
      await writeFile(out, `${JSON.stringify({ ...base, ...params }, null, 2)}\n`);
      print(`wrote the parameters of trial ${best.number} of study "${study.name}" to ${out}`);
    },
  };
}

async function readConfig(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError(`${file} is not JSON, so --merge cannot keep its keys`, {
      field: '--out',
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidArgumentError(`${file} does not hold a JSON object, so --merge cannot keep its keys`, {
      field: '--out',
    });
  }
  return parsed as Record<string, unknown>;
}
