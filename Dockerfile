# opsbot as a container: Node 24 LTS on Debian bookworm, production dependencies only, running as the
# unprivileged `node` user. Build: docker build -t opsbot . (or podman/buildah with the same file).

# 1. Compile TypeScript and bundle the CLI (needs the dev dependencies).
FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source where no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY . .
RUN npm run build

# 2. Production dependencies only, native modules built for this Node.
FROM node:24-bookworm-slim AS dependencies
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Scripts off: `prepare` would build, which needs the dev dependencies; better-sqlite3's own build is run explicitly.
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3

# 3. The runtime: no compiler, no dev dependencies, not root.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist/cli ./dist/cli
COPY package.json ./
COPY bin ./bin
USER node
# Slack over HTTP (PORT), the webhook receiver (webhooks.port), the ops endpoints (observability.port).
EXPOSE 3000 8081 9464
# /healthz on the default observability.port (change both together); no curl in the slim image, so Node asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/opsbot.js"]
CMD ["start"]
