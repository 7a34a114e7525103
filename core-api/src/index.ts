export { coreApi, apiVersion, type CoreApiDependencies } from './app';
export { startCoreRuntime, type CoreRuntime } from './runtime';
export { loadConfig, ConfigError, redactUrl, type Config } from './platform/config';
export { StartupError } from './platform/startup-error';
export { SeedError } from './seed/parse-seed';
export { loggerOptions } from './platform/logger';
export { fixedClock, systemClock, clockFromConfig, type Clock } from './platform/clock';
export { healthRoutes, type ReadinessCheck } from './modules/monitoring/health-routes';
export { metricsRoutes } from './modules/monitoring/metrics-routes';
export { createMetrics, type Metrics, type ProcessKind } from './platform/metrics';
export { startTelemetry, type Telemetry } from './platform/telemetry';
export { createTraceContext, traceIdOf, type TraceContext } from './platform/trace-context';
export { breakerFetch, createBreaker, CircuitOpenError, type Breaker } from './platform/circuit-breaker';
export { installErrorHandler } from './platform/http-errors';
export { loadOrCreateSecret } from './platform/local-secret';
export type { JobQueue, Job, JobOptions } from './platform/queue/job-queue';
export type { Database } from './platform/database/open-database';
export {
  createNotificationSenderRegistry,
  NotificationSendError,
  notificationChannels,
  type NotificationChannel,
  type NotificationRecipient,
  type NotificationSender,
  type NotificationSenderRegistry,
  type OutgoingNotification,
  type SendResult,
} from './modules/notifications/notification-sender';
export { formatInstant } from './modules/notifications/date-format';
export { reconcileKnowledge } from './modules/knowledge/knowledge-module';
export { isTimeZone } from './platform/time-zone';
