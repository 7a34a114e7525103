export { createTestDatabase, type TestDatabaseOptions } from './test-database';
export { createTestRuntime, type TestRuntime } from './test-runtime';
export { createTestApp, type TestApp } from './test-app';
export { startTestSmtpServer, type TestSmtpServer } from './test-smtp-server';
