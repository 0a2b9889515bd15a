export { parseDuration } from "./durations.js";
export {
  componentLogGroup,
  type EndpointLogEvent,
  type EndpointLogQuery,
  endpointLogGroup,
  followEndpointLogs,
  queryLogGroup,
  readEndpointLogs,
} from "./endpoint-logs.js";
export {
  ENDPOINT_METRICS,
  type EndpointMetrics,
  type EndpointMetricsQuery,
  type MetricReading,
  readEndpointMetrics,
} from "./endpoint-metrics.js";
