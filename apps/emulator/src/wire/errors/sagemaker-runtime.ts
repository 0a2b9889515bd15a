// SageMaker Runtime (rest-json): its errors are declared as classes in @mme/core, which the emulator
// throws and the CLI's doctor reads; this catalogue lists them (with the auth refusals) for the check.
import {
  InternalFailure,
  ModelError,
  ModelNotReadyException,
  ServiceUnavailable,
  ValidationError,
} from "@mme/core";
import { AWS_JSON_AUTH_ERRORS } from "./aws-json-auth.js";
import { defineCatalogue, specOf } from "./catalogue.js";

export const SAGEMAKER_RUNTIME_CATALOGUE = defineCatalogue("sagemaker-runtime", {
  ValidationError: specOf(new ValidationError("")),
  ModelError: specOf(new ModelError("", 0, "", "")),
  ModelNotReadyException: specOf(new ModelNotReadyException("")),
  InternalFailure: specOf(new InternalFailure("")),
  ServiceUnavailable: specOf(new ServiceUnavailable("")),
  ...AWS_JSON_AUTH_ERRORS,
});
