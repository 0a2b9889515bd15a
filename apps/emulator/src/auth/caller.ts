// Who signed the request (with --auth sigv4): set on the request once its signature is verified.
import type { PolicyDocument } from "@mme/core/iam";

export interface Caller {
  accessKeyId: string;
  /** arn:aws:iam::<account>:user/<name> */
  principal: string;
  policy?: PolicyDocument;
}

declare global {
  namespace Express {
    interface Request {
      /** Set by requireSigV4; absent when authentication is off. */
      caller?: Caller;
    }
  }
}
