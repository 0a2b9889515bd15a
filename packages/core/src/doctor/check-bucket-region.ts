import { GetBucketLocationCommand, type S3Client } from "@aws-sdk/client-s3";
import { callAws } from "../aws/call-aws.js";
import { check, type DoctorCheck, errorLine } from "./doctor-check.js";

/** GetBucketLocation's LocationConstraint as a region name (empty is us-east-1, "EU" is eu-west-1). */
export function bucketRegionOf(locationConstraint: string | undefined): string {
  if (!locationConstraint) return "us-east-1";
  if (locationConstraint === "EU") return "eu-west-1";
  return locationConstraint;
}

/** SageMaker downloads models only from a bucket in the endpoint's own region. */
export async function checkBucketRegion(s3: S3Client, bucket: string, region: string): Promise<DoctorCheck> {
  let bucketRegion: string;
  try {
    const location = await callAws(s3, "GetBucketLocation", () =>
      s3.send(new GetBucketLocationCommand({ Bucket: bucket })),
    );
    bucketRegion = bucketRegionOf(location.LocationConstraint);
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "NoSuchBucket") {
      return check("bucket-region", "bucket", "fail", `bucket ${bucket} does not exist`, {
        fix: `create it in ${region} (aws s3 mb s3://${bucket} --region ${region}) or fix modelDataUrl`,
      });
    }
    return check(
      "bucket-region",
      "bucket region",
      "warn",
      `cannot read the region of bucket ${bucket}: ${errorLine(error)}`,
      {
        fix: "allow s3:GetBucketLocation to the credentials doctor runs with",
      },
    );
  }
  const data = { bucket, bucketRegion, endpointRegion: region };
  if (bucketRegion === region) {
    return check(
      "bucket-region",
      "bucket region",
      "pass",
      `bucket ${bucket} is in ${region}, the endpoint's region`,
      { data },
    );
  }
  return check(
    "bucket-region",
    "bucket region",
    "fail",
    `bucket ${bucket} is in ${bucketRegion}, the endpoint in ${region}: SageMaker loads models only from a bucket in the endpoint's region`,
    {
      fix: `copy the models to a bucket in ${region} (aws s3 sync) and point modelDataUrl there, or deploy in ${bucketRegion}`,
      data,
    },
  );
}
