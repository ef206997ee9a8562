import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandSpec } from '@mlops/plugin-api';
import type { Hpo } from '../HpoService.js';
import { commandCall } from './commandCall.js';

/** The default report file of a study: its name with anything but letters, digits, `-`, `_` and `.` replaced. */
function defaultReportFile(studyName: string): string {
  return `${studyName.replace(/[^\w.-]+/g, '_')}-report.html`;
}

/** `mlops hpo report <study> [--out file]`: writes the study's self-contained HTML report. */
export function reportCommand(hpo: Hpo): CommandSpec {
  return {
    name: 'hpo report',
    description: 'write the HTML report of an HPO study (plots drawn offline, nothing fetched)',
    arguments: [{ name: 'study', description: 'the study name or id' }],
    options: [{ flags: '-o, --out <file>', description: 'where to write it (default <study>-report.html)' }],
    async run({ args, options, print }) {
      const call = commandCall();
      const study = await hpo.getStudy(args[0]!, call);
      const html = await hpo.renderReport(study.id, call);
      const out = resolve(typeof options.out === 'string' ? options.out : defaultReportFile(study.name));
      await writeFile(out, html);
      print(`wrote the report of study "${study.name}" to ${out}`);
    },
  };
}
