// The settings `mme --local` uses, and the names the emulator's `pnpm start` creates to match:
// emulator on :8080 (SageMaker + SageMaker Runtime APIs), embedded S3 on :9000. A running emulator's
// `emulator.json` (local-emulator.ts) replaces the addresses and names with the ones it really uses.

export const LOCAL_PROFILE = {
  region: "us-east-1",
  endpointUrl: "http://127.0.0.1:8080",
  s3EndpointUrl: "http://127.0.0.1:9000",
  bucketName: "mme-models",
  modelDataUrl: "s3://mme-models/models/",
  role: "arn:aws:iam::000000000000:role/mme-local",
  imageUri: "mme/embedded-runtime:latest",
  endpointName: "sagemaker-poc",
  modelName: "sagemaker-poc-model",
  endpointConfigName: "sagemaker-poc-config",
  instanceType: "ml.g5.xlarge",
  /** The emulator and its embedded S3 accept any signature; these are used when no AWS credentials are set. */
  credentials: { accessKeyId: "mme-local", secretAccessKey: "mme-local" },
} as const;
