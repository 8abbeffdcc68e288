# Build: compile TypeScript with the dev dependencies, then bundle the service (scripts/bundle.ts).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY twimlets ./twimlets
COPY scripts ./scripts
RUN npm run build

# Runtime: the bundle holds the service and every dependency it loads, so no node_modules;
# the URL builder's page beside it; an unprivileged user.
FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 OUTBOX_DIR=/app/outbox
WORKDIR /app
COPY --from=build /app/dist/bundle ./dist/bundle
COPY public ./public
RUN mkdir -p /app/outbox && chown node:node /app/outbox
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=50", "--initial-old-space-size=32", "dist/bundle/server.mjs"]
