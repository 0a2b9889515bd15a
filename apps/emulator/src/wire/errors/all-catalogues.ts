// Every service catalogue, for the check against botocore (wire-catalogue.test.ts).
import { APPLICATION_AUTO_SCALING_CATALOGUE } from "./application-auto-scaling.js";
import { CLOUDWATCH_CATALOGUE } from "./cloudwatch.js";
import { LOGS_CATALOGUE } from "./logs.js";
import { S3_CATALOGUE } from "./s3.js";
import { SAGEMAKER_CATALOGUE } from "./sagemaker.js";
import { SAGEMAKER_RUNTIME_CATALOGUE } from "./sagemaker-runtime.js";

export const ALL_CATALOGUES = [
  SAGEMAKER_CATALOGUE,
  SAGEMAKER_RUNTIME_CATALOGUE,
  CLOUDWATCH_CATALOGUE,
  LOGS_CATALOGUE,
  APPLICATION_AUTO_SCALING_CATALOGUE,
  S3_CATALOGUE,
];
