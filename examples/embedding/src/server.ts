// Runs the example service: PORT (default 3000), DATABASE_URL (default an SQLite file).
import { createApp } from './createApp.js';

const app = await createApp({ databaseUrl: process.env.DATABASE_URL ?? 'sqlite:.mlops/example.db' });
const server = app.koa.listen(Number(process.env.PORT ?? 3000), () => {
  console.log(`example service on http://127.0.0.1:${(server.address() as { port: number }).port}`);
});
app.kernel.handleSignals({ exit: (code) => server.close(() => process.exit(code)) });
