// SageMaker's control plane (awsJson1_1): the errors the emulator sends, as the SDKs decode them from `__type`.
import { InternalFailure, ValidationError } from "@mme/core";
import { AWS_JSON_AUTH_ERRORS } from "./aws-json-auth.js";
import { defineCatalogue, jsonErrorClass, specOf } from "./catalogue.js";

/** What every awsJson1_1 dispatch on the port shares (the SageMaker and Auto Scaling targets). */
export const AWS_JSON_DISPATCH_ERRORS = defineCatalogue("(aws-json dispatch)", {
  /** The control plane's generic 400 (missing resources, duplicates, bad input): what real SageMaker sends. */
  ValidationException: { status: 400 },
  UnknownOperationException: { status: 400 },
  SerializationException: { status: 400 },
  /** send-error.ts's fallbacks: a library's 4xx, and anything unexpected. */
  ValidationError: specOf(new ValidationError("")),
  InternalFailure: specOf(new InternalFailure("")),
  ...AWS_JSON_AUTH_ERRORS,
}).errors;

export const SAGEMAKER_CATALOGUE = defineCatalogue("sagemaker", {
  ...AWS_JSON_DISPATCH_ERRORS,
  /** A path the emulator does not serve. */
  RouteNotFound: { name: "UnknownOperationException", status: 404 },
  /** Inference components whose copies cannot fit on the variant's instances. */
  ResourceLimitExceeded: { status: 400, members: ["Message"] },
});

const errors = SAGEMAKER_CATALOGUE.errors;
export const ValidationException = jsonErrorClass(errors.ValidationException);
export const UnknownOperationException = jsonErrorClass(errors.UnknownOperationException);
export const SerializationException = jsonErrorClass(errors.SerializationException);
export const RouteNotFound = jsonErrorClass(errors.RouteNotFound);

/** botocore's ResourceLimitExceeded is a structure with a `Message` member. */
export class ResourceLimitExceeded extends jsonErrorClass(errors.ResourceLimitExceeded) {
  override body(): Record<string, unknown> {
    return { Message: this.message, message: this.message };
  }
}
