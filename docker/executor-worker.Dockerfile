# syntax=docker/dockerfile:1.7
# The executor worker (runs executions from the queue; health and metrics on a small HTTP port).
#   docker build -f docker/executor-worker.Dockerfile -t bos/executor-worker .      (from the repository root)
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: the pnpm store, filled from the lockfile alone, so this layer is reused until it changes ----
FROM ${NODE_IMAGE} AS deps
ENV CI=true
RUN npm i -g pnpm@10
# isolated-vm (the Code node sandbox) compiles a native addon when it is installed.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /repo
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch --frozen-lockfile --store-dir /pnpm/store

# ---- build: install offline, bundle the app, then a production-only tree ----
FROM deps AS build
COPY . .
RUN pnpm install --offline --frozen-lockfile --store-dir /pnpm/store
RUN pnpm --filter @bos/executor-worker run build
# `pnpm deploy` copies the app with its production dependencies only. Hoisted linking gives a flat
# node_modules, so the bundle (which keeps npm dependencies external) can require the dependencies of the
# workspace packages compiled into it; injected workspace packages let deploy reuse the shared lockfile.
RUN pnpm --filter @bos/executor-worker \
      --config.inject-workspace-packages=true --config.node-linker=hoisted \
      deploy --prod --offline --store-dir /pnpm/store /out \
 && rm -rf /out/dist && cp -r apps/executor-worker/dist /out/dist

# ---- runtime: node + the deployed tree, run as the unprivileged `node` user ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    WORKER_HOST=0.0.0.0 \
    WORKER_PORT=8082
WORKDIR /app
# Files stay owned by root: the service can read its code but not rewrite it.
COPY --from=build /out /app
USER node
EXPOSE 8082
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "require('http').get('http://127.0.0.1:'+(process.env.WORKER_PORT||8082)+'/healthz',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
CMD ["node", "--no-node-snapshot", "dist/main.js"]
