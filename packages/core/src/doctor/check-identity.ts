import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { callAws } from "../aws/call-aws.js";
import { awsCliMajorVersion } from "./aws-cli-version.js";
import { check, type DoctorCheck, errorLine } from "./doctor-check.js";

/** STS GetCallerIdentity: the credentials work, and whose they are. */
export async function checkIdentity(sts: STSClient): Promise<DoctorCheck> {
  try {
    const identity = await callAws(sts, "GetCallerIdentity", () =>
      sts.send(new GetCallerIdentityCommand({})),
    );
    return check("credentials", "credentials", "pass", `${identity.Arn} (account ${identity.Account})`, {
      data: { arn: identity.Arn, account: identity.Account },
    });
  } catch (error) {
    const login = (await awsCliMajorVersion()) === 2 ? "aws configure or aws sso login" : "aws configure";
    return check("credentials", "credentials", "fail", `STS GetCallerIdentity failed: ${errorLine(error)}`, {
      fix: `set AWS_PROFILE (or MME_PROFILE), run ${login}, or export fresh AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`,
    });
  }
}
