import {
  type EndpointLogEvent,
  followEndpointLogs,
  parseDuration,
  queryLogGroup,
  readEndpointLogs,
} from "@mme/core";
import { defineCommand } from "citty";
import { commandContext, globalArgs } from "../global-args.js";
import { cliIo } from "../io.js";
import { note, printResult } from "../output.js";

export const logsCommand = defineCommand({
  meta: {
    name: "logs",
    description:
      "the endpoint's CloudWatch log group, every instance stream merged in time order (or an inference component's, a stream per copy)",
  },
  args: {
    ...globalArgs,
    since: { type: "string", default: "10m", description: "how far back to start, e.g. 30s, 10m, 2h" },
    filter: { type: "string", description: "only events containing this text" },
    follow: { type: "boolean", alias: "f", description: "keep polling for new events until interrupted" },
    component: {
      type: "string",
      description: "an inference component's log group (/aws/sagemaker/InferenceComponents/NAME) instead",
    },
  },
  async run({ args }) {
    const { settings, clients, json } = await commandContext(args);
    const query = {
      endpointName: settings.endpointName,
      ...(args.component ? { componentName: args.component } : {}),
      startTime: Date.now() - parseDuration(args.since, "--since"),
      ...(args.filter ? { filter: args.filter } : {}),
    };
    if (!args.follow) {
      const events = await readEndpointLogs(clients.logs, query);
      printResult(json, events, () => events.map(formatEvent).join("\n"));
      return;
    }
    const stop = new AbortController();
    const interrupt = () => stop.abort();
    process.once("SIGINT", interrupt);
    process.once("SIGTERM", interrupt);
    note(`following ${queryLogGroup(query)} (Ctrl-C to stop)`);
    try {
      const out = cliIo().stdout;
      for await (const batch of followEndpointLogs(clients.logs, query, stop.signal)) {
        // JSON Lines under --follow: one event per line, as it arrives.
        for (const event of batch) out.write(`${json ? JSON.stringify(event) : formatEvent(event)}\n`);
      }
    } finally {
      process.off("SIGINT", interrupt);
      process.off("SIGTERM", interrupt);
    }
  },
});

function formatEvent(event: EndpointLogEvent): string {
  return `${event.timestamp}  ${event.stream}  ${event.message}`;
}
