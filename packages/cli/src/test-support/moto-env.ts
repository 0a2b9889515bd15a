import type { MotoServer } from "@mme/core/process";

/** moto accepts any credentials; these are the ones its documentation uses. */
export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

/**
 * The CLI's environment for an endpoint on moto's server (SageMaker and S3 on its one URL), in
 * us-east-1, with `settings` on top (MME_ENDPOINT_NAME at least).
 */
export function motoEndpointEnv(
  moto: MotoServer,
  settings: Record<string, string> & { MME_ENDPOINT_NAME: string },
): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    MME_REGION: "us-east-1",
    MME_ENDPOINT_URL: moto.url,
    MME_S3_ENDPOINT_URL: moto.url,
    MME_ROLE: "arn:aws:iam::123456789012:role/mme-test",
    MME_IMAGE_URI: "785573368785.dkr.ecr.us-east-1.amazonaws.com/sagemaker-tritonserver:24.09-py3",
    MME_MODEL_DATA_URL: "s3://mme-test-models/models/",
    // moto validates instance types against an older list without ml.g5.*
    MME_INSTANCE_TYPE: "ml.m5.large",
    ...settings,
  };
}
