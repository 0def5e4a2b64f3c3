/**
 * Test helpers shared by the services' tests. A test must not import another service's test code, and a
 * package must not depend on a service: the service under test runs as a child process
 * (service-process.ts), started from its source exactly as `pnpm start` does.
 */

export {
  authHeaders,
  issueIntegrationCredential,
  newAdminToken,
  rememberAdminToken,
  signIn,
  TEST_ADMIN_PASSWORD,
} from './api-auth.js';
export {
  describeWith,
  findMosquitto,
  findPostgres,
  isCI,
  missing,
  type Tool,
  which,
} from './availability.js';
export { capSchemaErrors } from './cap-schema.js';
export { type DirectDb, openExternalDb, withDb } from './external-db.js';
export { freePort } from './free-port.js';
export { type Credentials, publishJson } from './mqtt-publish.js';
export { type OwnPostgres, startOwnPostgres } from './own-postgres.js';
export { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';
export {
  type Exit,
  fetchJson,
  type HttpAnswer,
  messageCounters,
  metricSum,
  parseMetrics,
  REPO_ROOT,
  type ReadyBody,
  SERVICE_ROOT,
  type ServiceOptions,
  type ServiceProcess,
  serviceEnv,
  startService,
} from './service-process.js';
export { startTestDatabase, type TestDatabase, testDatabaseMissing } from './test-database.js';
export { sleep, type WaitOptions, waitFor, within } from './wait.js';
