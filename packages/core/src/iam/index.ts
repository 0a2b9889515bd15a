export * from "./evaluate.js";
export * from "./invalid-policy-error.js";
export * from "./parse-policy.js";
export type { PolicyDocument, PolicyPrincipal, PolicyStatement } from "./policy-schema.js";
export type {
  AuthorizationRequest,
  ContextScalar,
  ContextValue,
  RequestPrincipal,
} from "./request-context.js";
export { arnMatch, wildcardMatch } from "./wildcard.js";
