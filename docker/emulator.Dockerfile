# The emulator image (default target `emulator`) and the embedded runtime's image (target `runtime`).
# Build from the repository root:
#   docker build -f docker/emulator.Dockerfile -t mme/emulator:dev .
#   docker build -f docker/emulator.Dockerfile --target runtime -t mme/runtime:dev .
# BASE_IMAGE: any Debian bookworm image with Node 20 on PATH, npm, and a `node` user (uid 1000).
# Where no registry can be reached, docker/scripts/build-base-image.sh makes one.
# No `# syntax=` line on purpose: it would make BuildKit pull a frontend image.
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS toolchain
ARG PNPM_VERSION=12.4.2
ARG TURBO_VERSION=2.11.11
ENV CI=true TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 ONNXRUNTIME_NODE_INSTALL=skip
RUN npm install -g --no-fund --no-audit pnpm@${PNPM_VERSION} turbo@${TURBO_VERSION} && npm cache clean --force
WORKDIR /repo

# Only the emulator, the runtime and their workspace dependencies, with a lockfile cut to match.
FROM toolchain AS pruner
COPY . .
RUN turbo prune @mme/emulator @mme/runtime --docker --out-dir /pruned \
 && mkdir -p /seed \
 && for dir in model_registry/*/; do \
      if [ -f "${dir}config.pbtxt" ]; then cp -r "$dir" /seed/; fi; \
    done

FROM toolchain AS builder
# Manifests first: the install layer stays cached until a package.json or the lockfile changes.
COPY --from=pruner /pruned/json/ ./
RUN pnpm install --frozen-lockfile
COPY --from=pruner /pruned/full/ ./
COPY tsconfig.base.json ./
RUN turbo run build --filter=@mme/emulator --filter=@mme/runtime
# Self-contained production trees. The emulator keeps the repository's shape (apps/emulator under a
# root holding model_registry/) because it finds the registry models relative to itself.
RUN pnpm --filter=@mme/runtime deploy --prod --legacy /out/runtime \
 && pnpm --filter=@mme/emulator deploy --prod --legacy /out/mme/apps/emulator \
 && find /out -type d -path '*/onnxruntime-node/bin/napi-v*/*' \( -name darwin -o -name win32 \) -prune -exec rm -rf {} +

# Python backend models run in a python3 worker that needs numpy: both images carry it.
FROM ${BASE_IMAGE} AS python
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-numpy \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production

FROM python AS runtime
LABEL com.amazonaws.sagemaker.capabilities.multi-models=true \
      org.opencontainers.image.title="mme embedded runtime" \
      org.opencontainers.image.description="CPU model server for Triton-layout models behind the SageMaker MME container contract"
# SageMaker extracts each model to /opt/ml/models/<hash>/model; the server user must be able to read it.
RUN mkdir -p /opt/ml/models && chown node:node /opt/ml/models
WORKDIR /app
COPY --from=builder --chown=node:node /out/runtime ./
COPY docker/serve.sh /usr/local/bin/serve
USER node
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SageMaker starts a serving container as `docker run <image> serve`. Run through sh so the
# script needs no exec bit from the build context.
ENTRYPOINT ["/bin/sh", "/usr/local/bin/serve"]
CMD ["node", "dist/main.js", "--port", "8080", "--host", "0.0.0.0"]

FROM python AS emulator
LABEL org.opencontainers.image.title="mme emulator" \
      org.opencontainers.image.description="Local SageMaker Multi-Model Endpoint: SageMaker Runtime API, control-plane subset, embedded S3"
# /opt/ml holds the models tier (/opt/ml/models/<hash>/model, the path Triton's SageMaker mode
# requires, so a Triton container can share the volume) and the embedded S3's objects (/opt/ml/s3).
RUN mkdir -p /opt/ml/models && chown -R node:node /opt/ml
WORKDIR /opt/mme
COPY --from=builder --chown=node:node /out/mme ./
COPY --from=pruner --chown=node:node /seed ./model_registry/
COPY --chown=node:node docker/seed-models.mjs ./apps/emulator/seed-models.mjs
USER node
ENV MME_EMULATOR_HOST=0.0.0.0 MME_EMULATOR_PORT=8080 MME_S3_PORT=9000 MME_DATA_DIR=/opt/ml
EXPOSE 8080 9000
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.MME_EMULATOR_PORT||8080)+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/emulator/dist/main.js"]
