import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { NetworkError } from "../aws/aws-error.js";
import { describeEndpoint, type EndpointDescription } from "../endpoint/describe-endpoint.js";
import { EndpointNotFoundError } from "../endpoint/endpoint-errors.js";
import { check, type DoctorCheck, errorLine } from "./doctor-check.js";

export interface EndpointFindings {
  check: DoctorCheck;
  endpoint?: EndpointDescription;
  /** Nothing answered at the endpoint URL (refused, DNS, timeout). */
  unreachable?: boolean;
}

export interface EndpointTarget {
  endpointName: string;
  modelDataUrl: string | undefined;
  endpointUrl: string | undefined;
  /** `--local`: the emulator, which the user starts with `pnpm start`. */
  local: boolean;
}

/** DescribeEndpoint: its status and, when it failed, SageMaker's reason. */
export async function checkEndpoint(
  sagemaker: SageMakerClient,
  target: EndpointTarget,
): Promise<EndpointFindings> {
  const { endpointName, modelDataUrl } = target;
  let endpoint: EndpointDescription;
  try {
    endpoint = await describeEndpoint(sagemaker, endpointName);
  } catch (error) {
    if (error instanceof EndpointNotFoundError) {
      return {
        check: check("endpoint", "endpoint", "warn", `endpoint ${endpointName} does not exist yet`, {
          fix: "create it with mme create-endpoint (or set MME_ENDPOINT_NAME to the endpoint you mean)",
        }),
      };
    }
    if (error instanceof NetworkError) return { unreachable: true, check: unreachableCheck(target, error) };
    return {
      check: check(
        "endpoint",
        "endpoint",
        "fail",
        `cannot describe endpoint ${endpointName}: ${errorLine(error)}`,
        {
          fix: "allow sagemaker:DescribeEndpoint to these credentials, or check the endpoint URL",
        },
      ),
    };
  }
  const variant = endpoint.variants[0];
  const data = {
    status: endpoint.status,
    failureReason: endpoint.failureReason,
    instanceType: variant?.instanceType,
    modelDataUrl: endpoint.model?.modelDataUrl,
  };
  const on = variant?.instanceType ? ` on ${variant.instanceCount ?? 1} × ${variant.instanceType}` : "";
  const servedFrom = endpoint.model?.modelDataUrl;
  const prefixNote =
    servedFrom && modelDataUrl && servedFrom.replace(/\/?$/, "/") !== modelDataUrl
      ? `; it serves models from ${servedFrom}, not ${modelDataUrl} as the settings say`
      : "";
  switch (endpoint.status) {
    case "InService":
      return {
        endpoint,
        check: check(
          "endpoint",
          "endpoint",
          prefixNote ? "warn" : "pass",
          `${endpointName} is InService${on}${prefixNote}`,
          {
            data,
            ...(prefixNote
              ? { fix: "set modelDataUrl to the endpoint's prefix (or recreate the endpoint)" }
              : {}),
          },
        ),
      };
    case "Failed":
      return {
        endpoint,
        check: check(
          "endpoint",
          "endpoint",
          "fail",
          `${endpointName} Failed: ${endpoint.failureReason ?? "no reason given"}`,
          {
            fix: "fix the cause above, then mme delete-endpoint and mme create-endpoint",
            data,
          },
        ),
      };
    default:
      return {
        endpoint,
        check: check(
          "endpoint",
          "endpoint",
          "warn",
          `${endpointName} is ${endpoint.status}${on}${prefixNote}`,
          {
            fix: "wait for InService (mme create-endpoint waits; mme status shows progress)",
            data,
          },
        ),
      };
  }
}

function unreachableCheck(target: EndpointTarget, error: NetworkError): DoctorCheck {
  const where = target.endpointUrl ?? "the SageMaker API";
  return check("endpoint", "endpoint", "fail", `nothing answers at ${where}: ${errorLine(error)}`, {
    fix: target.local
      ? "start the emulator with pnpm start (in the repository), then run mme doctor --local again"
      : "check --endpoint-url (MME_ENDPOINT_URL), the region and this machine's network",
  });
}
