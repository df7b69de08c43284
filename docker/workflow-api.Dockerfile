# syntax=docker/dockerfile:1.7
# The workflow API, serving the builder (apps/builder-web) at `/`, plus the `bos-db` tool that
# creates/migrates/seeds the database (infra/compose.yaml runs it as the one-shot `migrate` service).
#   docker build -f docker/workflow-api.Dockerfile -t bos/workflow-api .      (from the repository root)
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

# ---- build: install offline, bundle the app, the builder and bos-db, then a production-only tree ----
FROM deps AS build
COPY . .
RUN pnpm install --offline --frozen-lockfile --store-dir /pnpm/store
RUN pnpm --filter @bos/workflow-api --filter @bos/builder-web --filter @bos/db run build
# `pnpm deploy` copies the app with its production dependencies only. Hoisted linking gives a flat
# node_modules, so the bundle (which keeps npm dependencies external) can require the dependencies of the
# workspace packages compiled into it; injected workspace packages let deploy reuse the shared lockfile.
RUN pnpm --filter @bos/workflow-api \
      --config.inject-workspace-packages=true --config.node-linker=hoisted \
      deploy --prod --offline --store-dir /pnpm/store /out \
 && rm -rf /out/dist && cp -r apps/workflow-api/dist /out/dist \
 && mkdir -p /out/builder && cp -r apps/builder-web/dist/. /out/builder/ \
 && mkdir -p /out/tools && cp packages/db/dist/bos-db.js packages/db/dist/bos-db.js.map /out/tools/

# ---- runtime: node + the deployed tree, run as the unprivileged `node` user ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    API_HOST=0.0.0.0 \
    API_PORT=8080 \
    BUILDER_DIST_DIR=/app/builder
WORKDIR /app
# Files stay owned by root: the service can read its code but not rewrite it.
COPY --from=build /out /app
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "require('http').get('http://127.0.0.1:'+(process.env.API_PORT||8080)+'/healthz',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
CMD ["node", "--no-node-snapshot", "dist/main.js"]
