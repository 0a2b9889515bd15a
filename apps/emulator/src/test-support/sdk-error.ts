// What an AWS SDK v3 call failed with, as a user reads it: the error's name, message and HTTP status.
export interface SdkError {
  name: string;
  message: string;
  status?: number;
}

/** The call's error; fails the test when the call succeeds. */
export async function errorOf(call: Promise<unknown>): Promise<SdkError> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!error) throw new Error("expected the call to fail");
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}
