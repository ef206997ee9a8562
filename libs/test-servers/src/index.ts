export { sharedPostgres } from './sharedPostgres.js';
export {
  type BentoCloud,
  type BentoCloudCall,
  type BentoCloudOptions,
  startBentoCloud,
} from './startBentoCloud.js';
export {
  type BentoApiDefinition,
  type BentoDtype,
  type BentoParamDefinition,
  type BentoServer,
  type BentoServerOptions,
  type NestedValues,
  startBentoServer,
} from './startBentoServer.js';
export {
  type LdapServer,
  type LdapServerOptions,
  type LdapTestGroup,
  type LdapTestUser,
  startLdap,
  type TestCa,
} from './startLdap.js';
export { type PostgresServer, startPostgres } from './startPostgres.js';
export { type S3Server, startS3 } from './startS3.js';
