# syntax=docker/dockerfile:1.7
# One image recipe for both apps: docker build --build-arg APP=api (or APP=worker) .
# Multi-stage: build the bundle with the whole workspace, ship only the bundle and production dependencies.
ARG APP=api

FROM node:22-bookworm-slim AS build
ARG APP
WORKDIR /repo
RUN corepack enable
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
COPY apps ./apps
COPY packages ./packages
COPY bench/package.json ./bench/package.json
COPY e2e/package.json ./e2e/package.json
RUN pnpm install --frozen-lockfile \
  && pnpm --filter "@trendpot/${APP}" run build \
  && pnpm --filter "@trendpot/${APP}" deploy --legacy --prod /out \
  && cp -r "apps/${APP}/dist" /out/dist

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /out/node_modules ./node_modules
COPY --from=build --chown=node:node /out/dist ./dist
COPY --from=build --chown=node:node /out/package.json ./package.json
# Never run as root.
USER node
# api: 3000 (HTTP) and 9464 (metrics); worker: 9465 (metrics) and 9466 (/live).
EXPOSE 3000 9464 9465 9466
# The preload enables the OpenTelemetry instrumentations before the app's first import (MongoDB, Redis, HTTP spans).
CMD ["node", "--enable-source-maps", "--import", "./dist/register.js", "dist/main.js"]
