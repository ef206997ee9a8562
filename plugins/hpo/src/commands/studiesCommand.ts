import type { CommandSpec } from '@mlops/plugin-api';
import type { Hpo } from '../HpoService.js';
import { commandCall } from './commandCall.js';

/** `mlops hpo studies`: every study, one line each, with its trial counts and best value. */
export function studiesCommand(hpo: Hpo): CommandSpec {
  return {
    name: 'hpo studies',
    description: 'list HPO studies with their trial counts and best values',
    async run({ print }) {
      const call = commandCall();
      let after: string | undefined;
      let printed = 0;
      do {
        const page = await hpo.listStudies({ limit: 100, ...(after === undefined ? {} : { after }) }, call);
        for (const study of page.studies) {
          if (printed === 0) print(['name', 'id', 'directions', 'trials', 'best'].join('\t'));
          const counts = await hpo.trialCounts(study.id, call);
          const total = Object.values(counts).reduce((a, b) => a + b, 0);
          const complete = counts.COMPLETE;
          const best = await hpo.bestTrials(study.id, call);
          const bestText =
            best.length === 0
              ? '-'
              : best.length === 1
                ? `${best[0]!.values!.join(', ')} (trial ${best[0]!.number})`
                : `${best.length} trials on the Pareto front`;
          print(
            [
              study.name,
              study.id,
              study.directions.join(','),
              `${total} (${complete} complete)`,
              bestText,
            ].join('\t'),
          );
          printed++;
        }
        after = page.next;
      } while (after !== undefined);
      if (printed === 0) print('no studies');
    },
  };
}
