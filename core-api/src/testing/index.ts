export { createTestDatabase, type TestDatabaseOptions } from './test-database';
export { createTestRuntime, type TestRuntime } from './test-runtime';
