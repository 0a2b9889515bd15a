import type { S3Client } from "@aws-sdk/client-s3";
import type { Logger } from "pino";
import type { VerifyOptions } from "../auth/sigv4.js";
import type { ControlPlane } from "../control-plane/control-plane.js";
import type { ComponentActivity } from "../metrics/component-activity.js";
import type { EmulatorMetrics } from "../metrics/metrics.js";
import type { OperatingView } from "../status/operating-view.js";
import type { InFlight } from "../wire/in-flight.js";

/** What both planes on the emulator's port serve from. */
export interface ServerDeps {
  plane: ControlPlane;
  metrics: EmulatorMetrics;
  /** Where inference-component invocations are reported (per-component metrics, autoscaling). */
  componentActivity?: ComponentActivity;
  /** CloudWatch metrics and logs and the explorer's feed. */
  view: OperatingView;
  logger: Logger;
  /** Reads async inputs and writes async outputs. */
  s3: S3Client;
  inFlight: InFlight;
  /** True once shutdown began: new invocations get ServiceUnavailable. */
  isShuttingDown?: () => boolean;
  /** With --auth sigv4: the keys and region signatures are verified against; absent: any signature. */
  auth?: VerifyOptions;
}
