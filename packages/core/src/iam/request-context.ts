// The request an IAM policy is evaluated against: what is asked, on what, by whom, with which keys.

export type ContextScalar = string | number | boolean;
export type ContextValue = ContextScalar | readonly ContextScalar[];

export interface RequestPrincipal {
  type: "AWS" | "Service" | "Federated" | "CanonicalUser";
  /** An ARN for "AWS", a service name such as sagemaker.amazonaws.com for "Service". */
  id: string;
}

export interface AuthorizationRequest {
  /** `service:Action`, e.g. `sagemaker:InvokeEndpoint` (matched case-insensitively). */
  action: string;
  /** The resource ARN; resource-based policies (trust policies) may leave it out. */
  resource?: string;
  /** Who asks: matched against Principal / NotPrincipal of resource-based policies. */
  principal?: RequestPrincipal;
  /** Condition keys (names are case-insensitive, as in IAM), e.g. `sagemaker:TargetModel`. */
  context?: Readonly<Record<string, ContextValue>>;
}

/** Condition keys by lower-cased name, values as text; a key with no values is absent. */
export type NormalisedContext = ReadonlyMap<string, readonly string[]>;

export function normaliseContext(context: AuthorizationRequest["context"]): NormalisedContext {
  const map = new Map<string, string[]>();
  for (const [key, value] of Object.entries(context ?? {})) {
    const values = (Array.isArray(value) ? value : [value]).map(String);
    if (values.length > 0) map.set(key.toLowerCase(), values);
  }
  return map;
}
