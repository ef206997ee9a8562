import { train } from './train.js';

const server = process.env.MLOPS_SERVER ?? 'http://127.0.0.1:5000';
try {
  const result = await train({ server });
  console.log(
    `run ${result.runId}: validation accuracy ${result.validationAccuracy.toFixed(3)}, ` +
      `loss ${result.validationLoss.toFixed(4)}`,
  );
  console.log(`registered training-example-logreg version ${result.modelVersion} as @champion on ${server}`);
} catch (err) {
  console.error(`training against ${server} failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
