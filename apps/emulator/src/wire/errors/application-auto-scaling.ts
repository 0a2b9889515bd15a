// Application Auto Scaling (awsJson1_1, `AnyScaleFrontendService.*`, dispatched with SageMaker's targets).
import { defineCatalogue, jsonErrorClass } from "./catalogue.js";
import { AWS_JSON_DISPATCH_ERRORS } from "./sagemaker.js";

export const APPLICATION_AUTO_SCALING_CATALOGUE = defineCatalogue("application-autoscaling", {
  ...AWS_JSON_DISPATCH_ERRORS,
  ObjectNotFoundException: { status: 400 },
});

export const ObjectNotFoundException = jsonErrorClass(
  APPLICATION_AUTO_SCALING_CATALOGUE.errors.ObjectNotFoundException,
);
