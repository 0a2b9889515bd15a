// `Expect: 100-continue` with a declared body over the route's limit: no "100 Continue" invites the
// client to send it; the request goes on to the routes, which refuse it at once. Node would otherwise
// answer 100 Continue to every such request before the app sees it.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { bodyLimitFor } from "../wire/body-limits.js";

export function continueOnlyWithinLimits(server: Server): void {
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (!(Number(req.headers["content-length"]) > bodyLimitFor(path))) res.writeContinue();
    server.emit("request", req, res);
  });
}
