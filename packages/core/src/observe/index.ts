export { parseDuration } from "./durations.js";
export {
  type EndpointLogEvent,
  type EndpointLogQuery,
  endpointLogGroup,
  followEndpointLogs,
  readEndpointLogs,
} from "./endpoint-logs.js";
export {
  ENDPOINT_METRICS,
  type EndpointMetrics,
  type EndpointMetricsQuery,
  type MetricReading,
  readEndpointMetrics,
} from "./endpoint-metrics.js";
