// The SageMaker Triton image per region, without a lookup: the registry accounts the SageMaker Python
// SDK publishes for `sagemaker-tritonserver` (src/sagemaker/image_uri_config/sagemaker-tritonserver.json
// in aws/sagemaker-python-sdk, commit 07ceb4a5e2087a5284e8d2381b4f5d853cc8a688, read 2026-12-01).
// Every version listed there (23.12 … 24.09) uses the same accounts.
import { SettingsError } from "../errors/index.js";

export const TRITON_IMAGES = {
  source:
    "https://github.com/aws/sagemaker-python-sdk/blob/07ceb4a5e2087a5284e8d2381b4f5d853cc8a688/src/sagemaker/image_uri_config/sagemaker-tritonserver.json",
  retrieved: "2026-12-01",
  repository: "sagemaker-tritonserver",
  versions: ["24.09", "24.05", "24.03", "24.01", "23.12"],
  registries: {
    "af-south-1": "626614931356",
    "il-central-1": "780543022126",
    "ap-east-1": "871362719292",
    "ap-northeast-1": "763104351884",
    "ap-northeast-2": "763104351884",
    "ap-northeast-3": "364406365360",
    "ap-south-1": "763104351884",
    "ap-southeast-1": "763104351884",
    "ap-southeast-2": "763104351884",
    "ap-southeast-3": "907027046896",
    "ca-central-1": "763104351884",
    "cn-north-1": "727897471807",
    "cn-northwest-1": "727897471807",
    "eu-central-1": "763104351884",
    "eu-north-1": "763104351884",
    "eu-west-1": "763104351884",
    "eu-west-2": "763104351884",
    "eu-west-3": "763104351884",
    "eu-south-1": "692866216735",
    "me-south-1": "217643126080",
    "sa-east-1": "763104351884",
    "us-east-1": "763104351884",
    "us-east-2": "763104351884",
    "us-west-1": "763104351884",
    "us-west-2": "763104351884",
    "ca-west-1": "204538143572",
  } as Record<string, string>,
} as const;

export const DEFAULT_TRITON_VERSION = TRITON_IMAGES.versions[0];

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/sagemaker-tritonserver:<version>-py3`. */
export function tritonImageUri(region: string, version: string = DEFAULT_TRITON_VERSION): string {
  const account = TRITON_IMAGES.registries[region];
  if (account === undefined) {
    throw new SettingsError(
      `no SageMaker Triton image is published for region "${region}"; set imageUri (MME_IMAGE_URI) yourself`,
    );
  }
  if (!(TRITON_IMAGES.versions as readonly string[]).includes(version)) {
    throw new SettingsError(
      `unknown Triton version "${version}"; known: ${TRITON_IMAGES.versions.join(", ")} (or set imageUri)`,
    );
  }
  const domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `${account}.dkr.ecr.${region}.${domain}/${TRITON_IMAGES.repository}:${version}-py3`;
}
