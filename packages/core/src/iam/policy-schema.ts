import { z } from "zod";

// The IAM policy grammar (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html),
// normalised on parse: every "string or list" becomes a list, Statement always an array.

const asList = (v: unknown) => (Array.isArray(v) ? v : [v]);
const stringOrList = z.preprocess(asList, z.array(z.string()).min(1));

/** Condition values may be strings, numbers or booleans in JSON; IAM compares their text. */
const conditionScalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const conditionValues = z.preprocess(asList, z.array(conditionScalar).min(1));

const principalMap = z.partialRecord(z.enum(["AWS", "Service", "Federated", "CanonicalUser"]), stringOrList);
const principal = z.union([z.literal("*"), principalMap]);

const statement = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(["Allow", "Deny"]),
    Principal: principal.optional(),
    NotPrincipal: principal.optional(),
    Action: stringOrList.optional(),
    NotAction: stringOrList.optional(),
    Resource: stringOrList.optional(),
    NotResource: stringOrList.optional(),
    Condition: z.record(z.string(), z.record(z.string(), conditionValues)).optional(),
  })
  .strict()
  .refine((s) => (s.Action === undefined) !== (s.NotAction === undefined), {
    message: "a statement needs exactly one of Action or NotAction",
  })
  .refine((s) => s.Resource === undefined || s.NotResource === undefined, {
    message: "a statement may not have both Resource and NotResource",
  })
  .refine((s) => s.Principal === undefined || s.NotPrincipal === undefined, {
    message: "a statement may not have both Principal and NotPrincipal",
  });

export const policyDocumentSchema = z
  .object({
    Version: z.enum(["2012-10-17", "2008-10-17"]).optional(),
    Id: z.string().optional(),
    Statement: z.preprocess(asList, z.array(statement).min(1)),
  })
  .strict();

export type PolicyDocument = z.output<typeof policyDocumentSchema>;
export type PolicyStatement = PolicyDocument["Statement"][number];
export type PolicyPrincipal = NonNullable<PolicyStatement["Principal"]>;
