// What the runtime tells the rest of the emulator about each invocation of an inference component:
// CloudWatch's per-component metrics and Application Auto Scaling's policies read from it. The runtime
// depends on this interface only; the composition root hands it the real sink.

export interface ComponentInvocation {
  endpointName: string;
  variantName: string;
  componentName: string;
  /** Copies in service when the request was routed (InvocationsPerCopy adds 1/copyCount). */
  copyCount: number;
  /** The copy that served it, when one did. */
  copyId?: string;
  outcome: "ok" | "4xx" | "5xx";
  /** Time inside the model container, and the emulator's own time around it. */
  modelLatencyMs: number;
  overheadLatencyMs: number;
}

export interface ComponentRef {
  endpointName: string;
  variantName: string;
  componentName: string;
}

export interface ComponentActivity {
  invoked(invocation: ComponentInvocation): void;
  /** A request found no copy to serve it (0 copies): SageMaker's NoCapacityInvocationFailures. */
  noCapacity(component: ComponentRef): void;
}

export const NO_COMPONENT_ACTIVITY: ComponentActivity = { invoked() {}, noCapacity() {} };
