/**
 * A worker process for the cross-process test: opens the HPO tables on the given database and
 * prints `ready`, waits for a line on stdin (so that several workers start at once), creates
 * `count` trials of one study, `concurrency` at a time, then prints their numbers as JSON.
 * Usage: node storageWorker.js '{"url": "...", "schema": "...", "studyId": "...", "count": 100, "concurrency": 10}'
 */
import { Database } from '@mlops/plugin-api';
import { createTestKernel } from '@mlops/plugin-api/testing';
import { storeSqlPlugin } from '@mlops/plugin-store-sql';
import { migrations } from '../src/storage/migrations/index.js';
import { SqlStudyStorage } from '../src/storage/SqlStudyStorage.js';

const { url, schema, studyId, count, concurrency } = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  schema?: string;
  studyId: string;
  count: number;
  concurrency: number;
};
const kernel = await createTestKernel({
  plugins: [storeSqlPlugin({ url, ...(schema === undefined ? {} : { schema }) })],
});
const storage = new SqlStudyStorage(await kernel.get(Database).forPlugin('@mlops/plugin-hpo', migrations));
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();
const numbers: number[] = [];
let left = count;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (left > 0) {
      left--;
      numbers.push((await storage.createTrial(studyId, {})).number);
    }
  }),
);
await kernel.stop();
process.stdout.write(`${JSON.stringify(numbers)}\n`);
