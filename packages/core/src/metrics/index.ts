export { percentile, sortedAscending } from "./percentile.js";
export { parsePrometheusText, type Sample, sampleValue, sumOf } from "./prometheus-text.js";
