import type { ServerResponse } from "node:http";

/** GET /ping: 200 with an empty text body, the bytes Express's res.type("text/plain").send("") writes. */
export function answerPing(res: ServerResponse): void {
  res.statusCode = 200;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Content-Length", 0);
  res.end();
}
