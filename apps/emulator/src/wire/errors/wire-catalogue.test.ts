// The emulator's error catalogues against AWS's own models (botocore, installed with boto3): a name,
// status, Query code or body member that drifts from AWS fails here.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { readBotocore } from "../../test-support/botocore-models.js";
import { ALL_CATALOGUES } from "./all-catalogues.js";
import { S3_CATALOGUE } from "./s3.js";

/**
 * Errors a service model does not declare (or declares without a status), with the status AWS documents
 * for them: the JSON front door's
 * refusals and protocol errors (AWS's "Common Errors" and the Smithy awsJson/RPC v2 protocols), and
 * S3's codes from its "Error responses" list (botocore's S3 model lists only a few).
 */
const DOCUMENTED: Record<string, readonly number[]> = {
  // 403 as most AWS models that state a status declare it; the older "Common Errors" page says 400
  // (docs/differences.md).
  AccessDeniedException: [403],
  MissingAuthenticationTokenException: [403],
  IncompleteSignatureException: [400],
  UnrecognizedClientException: [403],
  InvalidSignatureException: [403],
  SerializationException: [400],
  // 400 in awsJson 1.0/1.1; 404 in Smithy RPC v2 CBOR and for a path no operation is routed to.
  UnknownOperationException: [400, 404],
  InvalidAction: [400],
  AuthorizationHeaderMalformed: [400],
  InvalidAccessKeyId: [403],
  RequestTimeTooSkewed: [403],
  SignatureDoesNotMatch: [403],
  KeyTooLongError: [400],
  BadDigest: [400],
};

const names = [...new Set(ALL_CATALOGUES.flatMap((c) => Object.values(c.errors).map((e) => e.name)))];
const botocore = readBotocore(
  ALL_CATALOGUES.map((c) => c.service),
  names,
);

describe.each(ALL_CATALOGUES.map((c) => [c.service, c] as const))(
  "the %s catalogue",
  (service, catalogue) => {
    const model = botocore.services[service];

    it("names the botocore service that exists", () => {
      expect(model, `botocore has no ${service} model`).toBeDefined();
    });

    it.each(Object.entries(catalogue.errors))("%s matches AWS", (_id, spec) => {
      const declared = model?.[spec.name];
      const documented = DOCUMENTED[spec.name];
      if (declared) {
        // A model without httpStatusCode (older JSON models) means Smithy's default, unless AWS documents another.
        if (declared.explicit || !documented) expect(spec.status).toBe(declared.status);
        else expect(documented).toContain(spec.status);
        if (declared.code !== undefined) expect(spec.code ?? spec.name).toBe(declared.code);
        const modelMembers = declared.members.map((m) => m.toLowerCase());
        for (const member of spec.members) expect(modelMembers).toContain(member.toLowerCase());
        return;
      }
      expect(spec.members, `${spec.name} is not in ${service}'s model: it carries no members`).toEqual([]);
      if (documented) {
        expect(documented).toContain(spec.status);
        return;
      }
      const elsewhere = botocore.elsewhere[spec.name];
      expect(elsewhere, `${spec.name} is in no AWS model and not documented here`).toBeDefined();
      // The status most AWS models declare for this name.
      expect(spec.status).toBe(elsewhere?.[0]);
    });
  },
);

describe("the S3 catalogue and s3rver", () => {
  const S3Error = createRequire(import.meta.url)("s3rver/lib/models/error.js") as new (
    code: string,
    message: string,
  ) => { status: number };

  it.each(Object.values(S3_CATALOGUE.errors).map((e) => [e.name, e.status]))(
    "s3rver answers %s with the catalogue's status %d",
    (name, status) => {
      expect(new S3Error(name, "").status).toBe(status);
    },
  );
});
