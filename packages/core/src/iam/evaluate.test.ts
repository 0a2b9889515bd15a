// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${…} too
import { describe, expect, it } from "vitest";
import { evaluate, explainEvaluation } from "./evaluate.js";
import { parsePolicy } from "./parse-policy.js";

const policy = (doc: unknown) => parsePolicy(doc);
const endpointArn = "arn:aws:sagemaker:us-east-1:111122223333:endpoint/mme";

describe("evaluate", () => {
  // https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoint-security.html
  const targetModel = policy({
    Version: "2012-10-17",
    Statement: [
      {
        Action: ["sagemaker:InvokeEndpoint"],
        Effect: "Allow",
        Resource: "arn:aws:sagemaker:us-east-1:111122223333:endpoint/mme",
        Condition: { StringLike: { "sagemaker:TargetModel": ["company_a/*", "common/*"] } },
      },
    ],
  });
  const invoke = (target?: string) => ({
    action: "sagemaker:InvokeEndpoint",
    resource: endpointArn,
    ...(target === undefined ? {} : { context: { "sagemaker:TargetModel": target } }),
  });

  it("allows the MME guide's TargetModel prefixes and denies others by default", () => {
    expect(evaluate([targetModel], invoke("company_a/model.tar.gz"))).toBe("Allow");
    expect(evaluate([targetModel], invoke("common/shared.tar.gz"))).toBe("Allow");
    expect(evaluate([targetModel], invoke("company_b/model.tar.gz"))).toBe("ImplicitDeny");
    expect(evaluate([targetModel], invoke("company_a"))).toBe("ImplicitDeny");
    // No TargetModel in the request (a single-model call): the StringLike condition is false.
    expect(evaluate([targetModel], invoke())).toBe("ImplicitDeny");
  });

  it("matches condition key names case-insensitively and values case-sensitively", () => {
    const request = { action: "sagemaker:InvokeEndpoint", resource: endpointArn };
    expect(evaluate([targetModel], { ...request, context: { "SageMaker:targetmodel": "company_a/x" } })).toBe(
      "Allow",
    );
    expect(evaluate([targetModel], { ...request, context: { "sagemaker:TargetModel": "Company_A/x" } })).toBe(
      "ImplicitDeny",
    );
  });

  it("matches actions case-insensitively, with wildcards", () => {
    const p = policy({ Statement: { Effect: "Allow", Action: "SageMaker:Invoke*", Resource: "*" } });
    expect(evaluate([p], { action: "sagemaker:InvokeEndpoint", resource: endpointArn })).toBe("Allow");
    expect(evaluate([p], { action: "sagemaker:invokeendpointasync", resource: endpointArn })).toBe("Allow");
    expect(evaluate([p], { action: "sagemaker:DeleteEndpoint", resource: endpointArn })).toBe("ImplicitDeny");
    const one = policy({ Statement: { Effect: "Allow", Action: "s3:GetObject?cl", Resource: "*" } });
    expect(evaluate([one], { action: "s3:GetObjectAcl", resource: "arn:aws:s3:::b/k" })).toBe("Allow");
    expect(evaluate([one], { action: "s3:GetObject", resource: "arn:aws:s3:::b/k" })).toBe("ImplicitDeny");
    expect(evaluate([one], { action: "s3:GetObjectTagging", resource: "arn:aws:s3:::b/k" })).toBe(
      "ImplicitDeny",
    );
  });

  it("lets an explicit Deny in any policy win over an Allow, and names the statement", () => {
    const allowAll = policy({ Statement: [{ Sid: "All", Effect: "Allow", Action: "s3:*", Resource: "*" }] });
    const denyDelete = policy({
      Version: "2012-10-17",
      Statement: [
        { Sid: "NoDelete", Effect: "Deny", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::models/*" },
      ],
    });
    const del = { action: "s3:DeleteObject", resource: "arn:aws:s3:::models/a.tar.gz" };
    expect(evaluate([allowAll, denyDelete], del)).toBe("ExplicitDeny");
    expect(explainEvaluation([allowAll, denyDelete], del).matched).toEqual([
      { policy: 1, statement: 0, sid: "NoDelete", effect: "Deny" },
    ]);
    expect(evaluate([allowAll, denyDelete], { ...del, resource: "arn:aws:s3:::other/a.tar.gz" })).toBe(
      "Allow",
    );
    expect(evaluate([], del)).toBe("ImplicitDeny");
  });

  it("matches ARNs part by part, the resource part with its colons", () => {
    const p = policy({
      Statement: {
        Effect: "Allow",
        Action: "sagemaker:*",
        Resource: "arn:aws:sagemaker:*:111122223333:endpoint/*",
      },
    });
    expect(evaluate([p], { action: "sagemaker:InvokeEndpoint", resource: endpointArn })).toBe("Allow");
    expect(
      evaluate([p], {
        action: "sagemaker:InvokeEndpoint",
        resource: "arn:aws:sagemaker:us-east-1:999999999999:endpoint/mme",
      }),
    ).toBe("ImplicitDeny");
    // The resource part keeps its colons.
    const colon = policy({
      Statement: {
        Effect: "Allow",
        Action: "logs:*",
        Resource: "arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/*",
      },
    });
    expect(
      evaluate([colon], {
        action: "logs:FilterLogEvents",
        resource: "arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/Endpoints/mme:*",
      }),
    ).toBe("Allow");
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
  it("applies NotAction to every action except those listed", () => {
    const p = policy({
      Version: "2012-10-17",
      Statement: { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
    });
    expect(evaluate([p], { action: "s3:GetObject", resource: "arn:aws:s3:::b/k" })).toBe("Allow");
    expect(evaluate([p], { action: "IAM:CreateUser", resource: "arn:aws:iam::111122223333:user/x" })).toBe(
      "ImplicitDeny",
    );
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
  it("applies NotResource to every resource except those listed", () => {
    const p = policy({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:*", Resource: "*" },
        {
          Effect: "Deny",
          Action: "s3:*",
          NotResource: ["arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*"],
        },
      ],
    });
    expect(evaluate([p], { action: "s3:GetObject", resource: "arn:aws:s3:::HRBucket/Payroll/jan.csv" })).toBe(
      "Allow",
    );
    expect(evaluate([p], { action: "s3:GetObject", resource: "arn:aws:s3:::HRBucket/Other/x" })).toBe(
      "ExplicitDeny",
    );
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html
  it("denies without MFA through BoolIfExists, which holds when the key is missing", () => {
    const p = policy({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "s3:ListBucket", Resource: "*" },
        {
          Sid: "DenyAllExceptListedIfNoMFA",
          Effect: "Deny",
          NotAction: ["iam:ChangePassword", "sts:GetSessionToken"],
          Resource: "*",
          Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
        },
      ],
    });
    const list = { action: "s3:ListBucket", resource: "arn:aws:s3:::b" };
    expect(evaluate([p], list)).toBe("ExplicitDeny");
    expect(evaluate([p], { ...list, context: { "aws:MultiFactorAuthPresent": false } })).toBe("ExplicitDeny");
    expect(evaluate([p], { ...list, context: { "aws:MultiFactorAuthPresent": true } })).toBe("Allow");
  });

  it("ANDs the keys of a condition and ORs the values of one key", () => {
    const p = policy({
      Version: "2012-10-17",
      Statement: {
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: {
          StringEquals: { "aws:PrincipalTag/team": ["ml", "data"], "aws:RequestedRegion": "us-east-1" },
          IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] },
        },
      },
    });
    const get = { action: "s3:GetObject", resource: "arn:aws:s3:::b/k" };
    const ok = {
      "aws:PrincipalTag/team": "data",
      "aws:RequestedRegion": "us-east-1",
      "aws:SourceIp": "203.0.113.9",
    };
    expect(evaluate([p], { ...get, context: ok })).toBe("Allow");
    expect(evaluate([p], { ...get, context: { ...ok, "aws:SourceIp": "2001:db8::1" } })).toBe("Allow");
    expect(evaluate([p], { ...get, context: { ...ok, "aws:SourceIp": "198.51.100.1" } })).toBe(
      "ImplicitDeny",
    );
    expect(evaluate([p], { ...get, context: { ...ok, "aws:RequestedRegion": "eu-west-1" } })).toBe(
      "ImplicitDeny",
    );
    const { "aws:PrincipalTag/team": _team, ...noTeam } = ok;
    expect(evaluate([p], { ...get, context: noTeam })).toBe("ImplicitDeny");
  });

  it("holds a negated operator when the key is missing, as the IAM guide says", () => {
    const p = policy({
      Statement: {
        Effect: "Deny",
        Action: "sagemaker:InvokeEndpoint",
        Resource: "*",
        Condition: { StringNotLike: { "sagemaker:TargetModel": "company_a/*" } },
      },
    });
    expect(evaluate([p], { action: "sagemaker:InvokeEndpoint", resource: endpointArn })).toBe("ExplicitDeny");
    expect(
      evaluate([p], {
        action: "sagemaker:InvokeEndpoint",
        resource: endpointArn,
        context: { "sagemaker:TargetModel": "company_a/m" },
      }),
    ).toBe("ImplicitDeny");
    const ne = policy({
      Statement: {
        Effect: "Allow",
        Action: "s3:*",
        Resource: "*",
        Condition: { StringNotEquals: { "s3:prefix": ["a", "b"] } },
      },
    });
    expect(evaluate([ne], { action: "s3:ListBucket", resource: "arn:aws:s3:::b" })).toBe("Allow");
    expect(
      evaluate([ne], { action: "s3:ListBucket", resource: "arn:aws:s3:::b", context: { "s3:prefix": "b" } }),
    ).toBe("ImplicitDeny");
    expect(
      evaluate([ne], { action: "s3:ListBucket", resource: "arn:aws:s3:::b", context: { "s3:prefix": "c" } }),
    ).toBe("Allow");
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  it("qualifies multivalued keys with ForAllValues (vacuously true) and ForAnyValue", () => {
    const all = policy({
      Version: "2012-10-17",
      Statement: {
        Effect: "Allow",
        Action: "ec2:CreateTags",
        Resource: "*",
        Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["environment", "cost-center"] } },
      },
    });
    const tag = (keys?: string[]) => ({
      action: "ec2:CreateTags",
      resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
      ...(keys === undefined ? {} : { context: { "aws:TagKeys": keys } }),
    });
    expect(evaluate([all], tag(["environment"]))).toBe("Allow");
    expect(evaluate([all], tag(["environment", "cost-center"]))).toBe("Allow");
    expect(evaluate([all], tag(["environment", "owner"]))).toBe("ImplicitDeny");
    expect(evaluate([all], tag())).toBe("Allow");
    expect(evaluate([all], tag([]))).toBe("Allow");

    const any = policy({
      Statement: {
        Effect: "Deny",
        Action: "ec2:CreateTags",
        Resource: "*",
        Condition: { "ForAnyValue:StringLike": { "aws:TagKeys": "secret-*" } },
      },
    });
    expect(evaluate([any], tag(["a", "secret-x"]))).toBe("ExplicitDeny");
    expect(evaluate([any], tag(["a", "b"]))).toBe("ImplicitDeny");
    expect(evaluate([any], tag())).toBe("ImplicitDeny");
  });

  it("checks a key's presence with Null", () => {
    const p = policy({
      Statement: {
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { Null: { "aws:TokenIssueTime": "true" } },
      },
    });
    expect(evaluate([p], { action: "s3:GetObject", resource: "arn:aws:s3:::b/k" })).toBe("ExplicitDeny");
    expect(
      evaluate([p], {
        action: "s3:GetObject",
        resource: "arn:aws:s3:::b/k",
        context: { "aws:TokenIssueTime": "2026-01-01T00:00:00Z" },
      }),
    ).toBe("ImplicitDeny");
  });

  it("compares numbers and dates", () => {
    const p = policy({
      Statement: {
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: "*",
        Condition: {
          NumericLessThanEquals: { "s3:max-keys": "10" },
          DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" },
        },
      },
    });
    const list = (maxKeys: number, time: string) => ({
      action: "s3:ListBucket",
      resource: "arn:aws:s3:::b",
      context: { "s3:max-keys": maxKeys, "aws:CurrentTime": time },
    });
    expect(evaluate([p], list(10, "2026-12-01T00:00:00Z"))).toBe("Allow");
    expect(evaluate([p], list(11, "2026-12-01T00:00:00Z"))).toBe("ImplicitDeny");
    expect(evaluate([p], list(5, "2027-06-01T00:00:00Z"))).toBe("ImplicitDeny");
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  it("fills in policy variables in 2012-10-17 documents only", () => {
    const doc = (Version: string) =>
      policy({
        Version,
        Statement: {
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::bucket/home/${aws:username}/*",
        },
      });
    const get = (key: string) => ({
      action: "s3:GetObject",
      resource: `arn:aws:s3:::bucket/home/${key}`,
      context: { "aws:username": "ana" },
    });
    expect(evaluate([doc("2012-10-17")], get("ana/notes.txt"))).toBe("Allow");
    expect(evaluate([doc("2012-10-17")], get("bob/notes.txt"))).toBe("ImplicitDeny");
    expect(evaluate([doc("2008-10-17")], get("ana/notes.txt"))).toBe("ImplicitDeny");
    expect(evaluate([doc("2008-10-17")], get("${aws:username}/notes.txt"))).toBe("Allow");
    // No value for the variable: the resource does not match.
    expect(
      evaluate([doc("2012-10-17")], { action: "s3:GetObject", resource: "arn:aws:s3:::bucket/home/x/y" }),
    ).toBe("ImplicitDeny");
    const withDefault = policy({
      Version: "2012-10-17",
      Statement: {
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::bucket/${aws:username, 'shared'}/${*}",
      },
    });
    expect(
      evaluate([withDefault], { action: "s3:GetObject", resource: "arn:aws:s3:::bucket/shared/*" }),
    ).toBe("Allow");
    expect(
      evaluate([withDefault], { action: "s3:GetObject", resource: "arn:aws:s3:::bucket/shared/x" }),
    ).toBe("ImplicitDeny");
  });

  it("evaluates a role's trust policy against the principal that assumes it", () => {
    const trust = policy(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sagemaker.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    );
    const assume = (type: "Service" | "AWS", id: string) => ({
      action: "sts:AssumeRole",
      principal: { type, id },
    });
    expect(evaluate([trust], assume("Service", "sagemaker.amazonaws.com"))).toBe("Allow");
    expect(evaluate([trust], assume("Service", "ec2.amazonaws.com"))).toBe("ImplicitDeny");
    expect(evaluate([trust], { action: "sts:AssumeRole" })).toBe("ImplicitDeny");
    const account = policy({
      Statement: { Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "sts:AssumeRole" },
    });
    expect(evaluate([account], assume("AWS", "arn:aws:iam::111122223333:user/ana"))).toBe("Allow");
    expect(evaluate([account], assume("AWS", "arn:aws:iam::999999999999:user/ana"))).toBe("ImplicitDeny");
    const anyone = policy({ Statement: { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" } });
    expect(evaluate([anyone], assume("Service", "ec2.amazonaws.com"))).toBe("Allow");
  });
});
