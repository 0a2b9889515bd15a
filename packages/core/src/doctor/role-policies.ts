import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { callAws } from "../aws/call-aws.js";
import { type PolicyDocument, parsePolicy } from "../iam/index.js";

export interface NamedPolicy {
  /** `inline <name>` or the managed policy's ARN. */
  name: string;
  document: PolicyDocument;
}

/** The role's identity policies: its inline policies and the default version of each attached one. */
export async function rolePolicies(iam: IAMClient, roleName: string): Promise<NamedPolicy[]> {
  const policies: NamedPolicy[] = [];
  let marker: string | undefined;
  do {
    const page = await callAws(iam, "ListRolePolicies", () =>
      iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker })),
    );
    for (const policyName of page.PolicyNames ?? []) {
      const inline = await callAws(iam, "GetRolePolicy", () =>
        iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
      );
      const name = `inline policy ${policyName}`;
      policies.push({ name, document: parsePolicy(inline.PolicyDocument ?? "", name) });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  do {
    const page = await callAws(iam, "ListAttachedRolePolicies", () =>
      iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker })),
    );
    for (const attached of page.AttachedPolicies ?? []) {
      const arn = attached.PolicyArn!;
      const policy = await callAws(iam, "GetPolicy", () =>
        iam.send(new GetPolicyCommand({ PolicyArn: arn })),
      );
      const version = await callAws(iam, "GetPolicyVersion", () =>
        iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy?.DefaultVersionId })),
      );
      policies.push({ name: arn, document: parsePolicy(version.PolicyVersion?.Document ?? "", arn) });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return policies;
}
