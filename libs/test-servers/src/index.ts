export { sharedPostgres } from './sharedPostgres.js';
export { type PostgresServer, startPostgres } from './startPostgres.js';
export { type S3Server, startS3 } from './startS3.js';
