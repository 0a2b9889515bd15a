export * from "./aws-error.js";
export * from "./call-aws.js";
export * from "./clients.js";
export * from "./s3-client.js";
