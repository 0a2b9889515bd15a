import { requireSetting, type Settings, tritonImageUri, UsageError } from "@mme/core";

/** imageUri when set; otherwise the region's SageMaker Triton image (no lookup: TRITON_IMAGES). */
export function imageUriFor(settings: Settings, tritonVersion: string | undefined): string {
  const version = tritonVersion ?? settings.tritonVersion;
  if (settings.imageUri !== undefined) {
    if (tritonVersion !== undefined)
      throw new UsageError("--triton-version applies only when imageUri is unset");
    return settings.imageUri;
  }
  return tritonImageUri(requireSetting(settings, "region"), version);
}
