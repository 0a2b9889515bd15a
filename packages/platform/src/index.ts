// The MME itself, free of HTTP and AWS wire formats: model source, two-tier cache, fleet and router,
// container clients, endpoint specs, and the trace simulation `mme plan` runs.
export * from "./cache/index.js";
export {
  ComponentCopies,
  type ComponentCopiesOptions,
  DEFAULT_ROUTING_STRATEGY,
  type RoutingStrategy,
} from "./components/component-copies.js";
export { ComponentCopy, type CopyStatus } from "./components/component-copy.js";
export * from "./components/placement.js";
export * from "./containers/index.js";
export type { EndpointSpec } from "./endpoints/endpoint-spec.js";
export {
  type HostDefaults,
  type HostSettings,
  hostSettings,
  instanceContainer,
} from "./endpoints/host-settings.js";
export {
  Instance,
  type InstanceContext,
  type InstanceParts,
  newInstanceId,
  type OpenModelHost,
} from "./fleet/instance.js";
export {
  busyThresholdFor,
  chooseInstance,
  DEFAULT_BUSY_THRESHOLD,
  type InstanceView,
} from "./fleet/routing-policy.js";
export { VariantFleet, type VariantFleetOptions } from "./fleet/variant-fleet.js";
export { simulate } from "./plan/index.js";
export * from "./source/index.js";
