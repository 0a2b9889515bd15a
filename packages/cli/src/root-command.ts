import { defineCommand } from "citty";
import { addModelCommand } from "./commands/add-model.js";
import { autoscaleCommand } from "./commands/autoscale.js";
import { callModelCommand } from "./commands/call-model.js";
import { callModelImageCommand } from "./commands/call-model-image.js";
import { cleanCommand } from "./commands/clean.js";
import { createEndpointCommand } from "./commands/create-endpoint.js";
import { deleteEndpointCommand } from "./commands/delete-endpoint.js";
import { doctorCommand } from "./commands/doctor.js";
import { icCommand } from "./commands/ic.js";
import { invokeCommand } from "./commands/invoke.js";
import { invokeAsyncCommand } from "./commands/invoke-async.js";
import { listModelsCommand } from "./commands/list-models.js";
import { logsCommand } from "./commands/logs.js";
import { metricsCommand } from "./commands/metrics.js";
import { planCommand } from "./commands/plan.js";
import { pruneCommand } from "./commands/prune.js";
import { removeModelCommand } from "./commands/remove-model.js";
import { statusCommand } from "./commands/status.js";
import { validateModelCommand } from "./commands/validate-model.js";
import { globalArgs } from "./global-args.js";

export const VERSION = "0.1.0";

export const rootCommand = defineCommand({
  meta: {
    name: "mme",
    version: VERSION,
    description: "Amazon SageMaker Multi-Model Endpoints, from the command line",
  },
  args: { ...globalArgs },
  subCommands: {
    "create-endpoint": createEndpointCommand,
    status: statusCommand,
    "delete-endpoint": deleteEndpointCommand,
    "add-model": addModelCommand,
    "list-models": listModelsCommand,
    "remove-model": removeModelCommand,
    "validate-model": validateModelCommand,
    "call-model": callModelCommand,
    "call-model-image": callModelImageCommand,
    invoke: invokeCommand,
    "invoke-async": invokeAsyncCommand,
    clean: cleanCommand,
    prune: pruneCommand,
    doctor: doctorCommand,
    autoscale: autoscaleCommand,
    plan: planCommand,
    metrics: metricsCommand,
    logs: logsCommand,
    ic: icCommand,
  },
});
