// The EXAMPLES section `mme --help` and `mme <command> --help` end with (citty renders no examples).
export const HELP_EXAMPLES: Record<string, string[]> = {
  "": [
    "pnpm start                                             # the emulator, in another terminal",
    "mme call-model add_sub_v0.tar.gz --local",
    "mme add-model ./model_registry/add_sub/ add_sub_v1.tar.gz --local",
    "mme doctor --local",
    "MME_MODEL_DATA_URL=s3://bucket/models/ mme create-endpoint --region eu-west-1",
  ],
  "create-endpoint": [
    "mme create-endpoint --local --endpoint-name second",
    "mme create-endpoint --instance-count 2 --autoscale 1-4 --target-invocations 100",
  ],
  status: ["mme status --local", "mme status --endpoint-name other --json"],
  "delete-endpoint": ["mme delete-endpoint --local --endpoint-name second"],
  "add-model": [
    "mme add-model ./model_registry/add_sub/ add_sub_v1.tar.gz --local",
    "mme add-model --next-version ./model_registry/add_sub/ add_sub --local",
  ],
  "list-models": ["mme list-models --local", "mme list-models --json"],
  "remove-model": ["mme remove-model add_sub_v1.tar.gz --local"],
  "validate-model": ["mme validate-model ./model_registry/add_sub/", "mme validate-model add_sub_v1.tar.gz"],
  "call-model": [
    "mme call-model add_sub_v0.tar.gz --local",
    "mme call-model add_sub_v0.tar.gz --input request.json --binary --local",
    "mme call-model --component add-sub --local",
  ],
  "call-model-image": [
    "mme call-model-image small_image_v0.tar.gz --local",
    "mme call-model-image resnet50_v0.tar.gz --image cat.jpg --top 3 --local",
  ],
  invoke: ["mme invoke add_sub_v0.tar.gz --body request.json --local"],
  "invoke-async": ["mme invoke-async --body request.json --local"],
  clean: ["mme clean --dry-run", "mme clean --models --yes"],
  prune: ["mme prune --keep 2 add_sub --dry-run --local"],
  doctor: ["mme doctor --local", "mme doctor --logs-since 30 --json"],
  autoscale: ["mme autoscale --min 1 --max 4 --target-invocations 100", "mme autoscale --off"],
  plan: [
    "mme plan --models 10 --instance-counts 1",
    "mme plan --trace requests.jsonl --instance-types ml.g5.xlarge,ml.g5.2xlarge",
    "mme plan --models 50 --model-size 1GB --rps 1 --zipf-s 1.2 --instance-types ml.m5.xlarge --instance-counts 1,2,4 --compare ic",
  ],
  metrics: ["mme metrics --local", "mme metrics --since 3h --period 300 --json"],
  logs: [
    "mme logs --local",
    "mme logs --since 1h --filter error --follow",
    "mme logs --component add-sub --local",
  ],
  ic: [
    "mme ic create add-sub --model-data-url s3://mme-models/models/add_sub_v0.tar.gz --memory 1024 --local --endpoint-name ic-demo",
    "mme ic list --local --endpoint-name ic-demo",
  ],
  "ic create": [
    "mme ic create add-sub --model-data-url s3://mme-models/models/add_sub_v0.tar.gz --memory 1024 --cpus 1 --copies 2 --local --endpoint-name ic-demo",
    "mme ic create llm --model my-model --memory 20480 --accelerators 1 --managed-scaling 0-4 --endpoint-name ic-prod",
  ],
  "ic list": ["mme ic list --local --endpoint-name ic-demo", "mme ic list --all --json"],
  "ic describe": ["mme ic describe add-sub --local", "mme ic describe add-sub --json"],
  "ic scale": ["mme ic scale add-sub --copies 0 --local", "mme ic scale add-sub --copies 3 --no-wait"],
  "ic delete": ["mme ic delete add-sub --local"],
};

export function helpExamples(command: string): string {
  const lines = HELP_EXAMPLES[command] ?? [];
  return lines.length === 0 ? "" : `\nEXAMPLES\n\n${lines.map((line) => `  ${line}`).join("\n")}\n`;
}
