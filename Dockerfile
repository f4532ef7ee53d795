# Årshjul's image: one image for the web app (src/webapp.ts) and the worker (src/worker.ts); docker-compose.yml runs
# both from it with their own command. Node 24 LTS (slim), the production dependencies only, an unprivileged user.
# TypeScript runs through tsx (a production dependency), and the worker bundles its workflows when it starts.

# 1. The production dependencies, exactly as locked.
FROM node:24.21.0-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 2. The application: the dependencies and the sources, owned by root, so the user that runs them cannot change them.
FROM node:24.21.0-bookworm-slim AS app
ENV NODE_ENV=production \
    ARSHJUL_HTTP_HOST=0.0.0.0 \
    ARSHJUL_HTTP_PORT=3000 \
    ARSHJUL_DATA_DIR=/tmp/arshjul
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY config ./config
# The image's own user (uid 1000) from the node image: nothing runs as root.
USER node
EXPOSE 3000
# The web app answers 200 while Temporal answers (a worker's health check is its metrics port: docker-compose.yml).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node_modules/.bin/tsx", "src/webapp.ts"]
