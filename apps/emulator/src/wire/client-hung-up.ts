/** The client closed the connection before the whole request arrived, or before the answer was sent. */
export class ClientHungUp extends Error {
  override readonly name = "ClientHungUp" as const;
}
