import { defineCommand } from "citty";
import { icCreateCommand } from "./ic-create.js";
import { icDeleteCommand } from "./ic-delete.js";
import { icDescribeCommand } from "./ic-describe.js";
import { icListCommand } from "./ic-list.js";
import { icScaleCommand } from "./ic-scale.js";

export const icCommand = defineCommand({
  meta: {
    name: "ic",
    description: "SageMaker inference components: models with their own copies and compute on one endpoint",
  },
  subCommands: {
    create: icCreateCommand,
    list: icListCommand,
    describe: icDescribeCommand,
    scale: icScaleCommand,
    delete: icDeleteCommand,
  },
});
