// Child process of bench/serving.ts: the floor under any koa server on this machine. A bare koa
// app (no router, no validation, no model) that reads each request's body, parses it as JSON and
// answers the same 10-float KServe response every time. Prints `READY <url>` once it listens.

import type { AddressInfo } from 'node:net';
import Koa from 'koa';

const answer = JSON.stringify({
  model_name: 'mlp',
  model_version: '1',
  outputs: [
    { name: 'y', datatype: 'FP32', shape: [1, 10], data: Array.from({ length: 10 }, (_, i) => i / 10) },
  ],
});

const app = new Koa();
app.use(async (ctx) => {
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    ctx.req.on('data', (chunk: Buffer) => chunks.push(chunk));
    ctx.req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    ctx.req.on('error', reject);
  });
  JSON.parse(text);
  ctx.type = 'application/json';
  ctx.body = answer;
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port} 0\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
