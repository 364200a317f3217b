# Image for both the HTTP API (`npm run api`, the default) and the worker (`npm run worker`).
# Debian (glibc), not Alpine: the Temporal worker's native core-bridge ships glibc builds only.
FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, so source edits reuse this layer. All of them, dev ones included: the build
# needs TypeScript. NODE_ENV is set only after this step, since `npm ci` would otherwise skip the
# devDependencies.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# DATA_DIR's mount point, owned by the unprivileged user so that a fresh named volume mounted
# there inherits that owner.
RUN mkdir -p /data && chown node:node /data

ENV NODE_ENV=production \
    DATA_DIR=/data

USER node

EXPOSE 9000
# What `npm run api` runs, without its build step (the image is read-only to the node user).
CMD ["scripts/run-service.sh", "dist/src/api-main.js"]
