import { GetRoleCommand, type IAMClient, SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { callAws } from "../aws/call-aws.js";
import {
  type AuthorizationRequest,
  explainEvaluation,
  type PolicyDecision,
  parsePolicy,
} from "../iam/index.js";
import { check, type DoctorCheck, errorLine, listed } from "./doctor-check.js";
import { type NamedPolicy, rolePolicies } from "./role-policies.js";

const SAGEMAKER = "sagemaker.amazonaws.com";

export interface RoleCheckInput {
  roleArn?: string;
  /** Where the role's ARN came from, for messages: "the endpoint's model", "MME_ROLE". */
  roleSource: string;
  bucket: string;
  prefix: string;
  /** Keys the role must be able to read (the tarballs under the prefix). */
  objectKeys: string[];
}

/** The execution role: exists, trusts SageMaker, may read the models prefix. */
export async function checkRole(iam: IAMClient, input: RoleCheckInput): Promise<DoctorCheck[]> {
  const { roleArn } = input;
  if (!roleArn) {
    return [
      check("role", "execution role", "fail", "no execution role is set", {
        fix: "set MME_ROLE (or role in mme.config.json) to an IAM role ARN that SageMaker may assume",
      }),
    ];
  }
  const roleName = roleArn.split("/").pop()!;
  let trustText: string | undefined;
  try {
    const role = await callAws(iam, "GetRole", () => iam.send(new GetRoleCommand({ RoleName: roleName })));
    trustText = role.Role?.AssumeRolePolicyDocument;
  } catch (error) {
    const e = error as { name?: string };
    if (e.name === "NoSuchEntityException" || e.name === "NoSuchEntity") {
      return [
        check("role", "execution role", "fail", `${roleArn} (from ${input.roleSource}) does not exist`, {
          fix: `create the role (aws iam create-role --role-name ${roleName} --assume-role-policy-document with a SageMaker trust statement) or fix the ARN`,
        }),
      ];
    }
    return [
      check("role", "execution role", "warn", `cannot read ${roleArn}: ${errorLine(error)}`, {
        fix: "run doctor with credentials that may call iam:GetRole to check the role",
      }),
    ];
  }
  return [
    check("role", "execution role", "pass", `${roleArn} exists (from ${input.roleSource})`, {
      data: { roleArn },
    }),
    trustCheck(roleArn, trustText),
    await s3AccessCheck(iam, roleArn, roleName, input),
  ];
}

function trustCheck(roleArn: string, trustText: string | undefined): DoctorCheck {
  const fix = `add to the role's trust policy: {"Effect":"Allow","Principal":{"Service":"${SAGEMAKER}"},"Action":"sts:AssumeRole"} (aws iam update-assume-role-policy)`;
  let decision: PolicyDecision;
  try {
    const trust = parsePolicy(trustText ?? "", "trust policy");
    decision = explainEvaluation([trust], {
      action: "sts:AssumeRole",
      principal: { type: "Service", id: SAGEMAKER },
    }).decision;
  } catch (error) {
    return check(
      "role-trust",
      "role trust",
      "fail",
      `${roleArn}'s trust policy cannot be read: ${errorLine(error)}`,
      { fix },
    );
  }
  if (decision === "Allow")
    return check("role-trust", "role trust", "pass", `${roleArn} trusts ${SAGEMAKER}`);
  return check(
    "role-trust",
    "role trust",
    "fail",
    `${roleArn} does not let ${SAGEMAKER} assume it (${decision === "ExplicitDeny" ? "explicitly denied" : "no statement allows sts:AssumeRole"}); SageMaker cannot start the endpoint with it`,
    { fix },
  );
}

interface AccessQuestion {
  label: string;
  request: AuthorizationRequest;
}

async function s3AccessCheck(
  iam: IAMClient,
  roleArn: string,
  roleName: string,
  input: RoleCheckInput,
): Promise<DoctorCheck> {
  const { bucket, prefix } = input;
  const keys = input.objectKeys.length > 0 ? input.objectKeys : [`${prefix}model.tar.gz`];
  const questions: AccessQuestion[] = [
    ...keys.map((key) => ({
      label: `s3:GetObject on s3://${bucket}/${key}`,
      request: { action: "s3:GetObject", resource: `arn:aws:s3:::${bucket}/${key}` },
    })),
    {
      label: `s3:ListBucket on s3://${bucket} (prefix ${prefix || "/"})`,
      request: {
        action: "s3:ListBucket",
        resource: `arn:aws:s3:::${bucket}`,
        context: { "s3:prefix": prefix },
      },
    },
  ];
  const fix = `allow the role s3:GetObject on arn:aws:s3:::${bucket}/${prefix}* and s3:ListBucket on arn:aws:s3:::${bucket}`;

  let method: string;
  let denied: { label: string; why: string }[];
  try {
    // One call per question: a sample of the tarballs (the local evaluation below checks them all).
    denied = await simulate(iam, roleArn, [...questions.slice(0, -1).slice(0, 10), questions.at(-1)!]);
    method = "IAM SimulatePrincipalPolicy";
  } catch (simulateError) {
    let policies: NamedPolicy[];
    try {
      policies = await rolePolicies(iam, roleName);
    } catch (error) {
      return check(
        "role-s3",
        "role S3 access",
        "warn",
        `cannot check the role's S3 access: SimulatePrincipalPolicy: ${errorLine(simulateError)}; reading its policies: ${errorLine(error)}`,
        {
          fix: "run doctor with credentials that may call iam:SimulatePrincipalPolicy, or iam:GetRolePolicy and iam:GetPolicyVersion",
        },
      );
    }
    const count = policies.length === 0 ? "(it has none)" : `(${policies.length})`;
    method = `local evaluation of the role's inline and attached policies ${count}, as SimulatePrincipalPolicy is unavailable (${shortReason(simulateError)}); permission boundaries, SCPs and the bucket policy are not included`;
    denied = evaluateLocally(policies, questions);
  }
  const data = { method: method.startsWith("IAM") ? "SimulatePrincipalPolicy" : "local", denied };
  if (denied.length === 0) {
    return check(
      "role-s3",
      "role S3 access",
      "pass",
      `the role may s3:GetObject and s3:ListBucket on s3://${bucket}/${prefix}; checked by ${method}`,
      { data },
    );
  }
  return check(
    "role-s3",
    "role S3 access",
    "fail",
    `the role may not ${denied[0]!.label} (${denied[0]!.why})${denied.length > 1 ? ` and ${denied.length - 1} more` : ""}; SageMaker cannot download the models; checked by ${method}`,
    { fix, details: listed(denied.map((d) => `${d.label}: ${d.why}`)), data },
  );
}

async function simulate(iam: IAMClient, roleArn: string, questions: AccessQuestion[]) {
  const denied: { label: string; why: string }[] = [];
  for (const q of questions) {
    const context = Object.entries(q.request.context ?? {}).map(([key, value]) => ({
      ContextKeyName: key,
      ContextKeyValues: [String(value)],
      ContextKeyType: "string" as const,
    }));
    const result = await callAws(iam, "SimulatePrincipalPolicy", () =>
      iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: roleArn,
          ActionNames: [q.request.action],
          ResourceArns: [q.request.resource!],
          ...(context.length > 0 ? { ContextEntries: context } : {}),
        }),
      ),
    );
    const decision = result.EvaluationResults?.[0]?.EvalDecision ?? "implicitDeny";
    if (decision !== "allowed") {
      const statement = result.EvaluationResults?.[0]?.MatchedStatements?.[0]?.SourcePolicyId;
      denied.push({
        label: q.label,
        why:
          decision === "explicitDeny"
            ? `explicitly denied${statement ? ` by ${statement}` : ""}`
            : "no policy allows it",
      });
    }
  }
  return denied;
}

function evaluateLocally(policies: NamedPolicy[], questions: AccessQuestion[]) {
  const documents = policies.map((p) => p.document);
  const denied: { label: string; why: string }[] = [];
  for (const q of questions) {
    const result = explainEvaluation(documents, q.request);
    if (result.decision === "Allow") continue;
    const by = result.matched[0];
    denied.push({
      label: q.label,
      why:
        result.decision === "ExplicitDeny" && by
          ? `explicitly denied by ${policies[by.policy]!.name}${by.sid ? ` statement ${by.sid}` : ""}`
          : "no policy allows it",
    });
  }
  return denied;
}

/** A failed call's reason, short: an HTML error page or an unparsable body becomes its HTTP status. */
function shortReason(error: unknown): string {
  const e = error as { name?: string; message?: string; httpStatus?: number };
  if (/parse error|deserializ/i.test(e?.message ?? "") && e.httpStatus) return `HTTP ${e.httpStatus}`;
  return errorLine(error);
}
