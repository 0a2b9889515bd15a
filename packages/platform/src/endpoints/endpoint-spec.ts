// What one endpoint variant serves: its model (MultiModel prefix or SingleModel tarball), container settings
// and cache setting; every instance of the variant opens with it.
import type { ModelCacheSetting } from "../cache/types.js";

export interface EndpointSpec {
  endpointName: string;
  variantName: string;
  modelName: string;
  mode: "MultiModel" | "SingleModel";
  /** S3 prefix (MultiModel) or the tarball itself (SingleModel). */
  modelDataUrl: string;
  image?: string;
  environment: Record<string, string>;
  cacheSetting: ModelCacheSetting;
  /** S3 folder for InvokeEndpointAsync results (AsyncInferenceConfig.OutputConfig.S3OutputPath). */
  asyncOutputPath?: string;
  asyncFailurePath?: string;
  /** The inference component whose copies this spec opens (their logs are the component's). */
  componentName?: string;
}
