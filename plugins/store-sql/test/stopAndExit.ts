// A child process of walCheckpoints.test.ts: opens an SQLite file through the plugin, writes, stops
// the kernel in a top-level await and exits by itself. Node exits with 13 if that await never
// settles (the checkpoint worker must keep the process alive while it finishes).
import { createKernel } from '@mlops/core';
import { Database } from '@mlops/plugin-api';
import { storeSqlPlugin } from '../src/index.js';

const kernel = createKernel({
  logLevel: 'silent',
  plugins: [storeSqlPlugin({ url: `sqlite:${process.argv[2]}` })],
});
await kernel.start();
const knex = await kernel.get(Database).forPlugin('stop-test', []);
await knex.raw('CREATE TABLE t (x integer)');
await knex('t').insert([{ x: 1 }, { x: 2 }]);
await kernel.stop();
