# tijdig API or worker (choose with the command: `start api` / `start worker`).
# Two stages: the build compiles the TypeScript to dist/ with tsc and links it into dist/bundle/ (one
# file loads faster than a thousand: tools/bundle.mjs); the image runs `node dist/bundle/tijdig.js`
# with production dependencies only (no TypeScript runner at run time).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY tools/copy-build-files.mjs tools/bundle.mjs ./tools/
COPY src ./src
COPY workers ./workers
COPY embedded-db ./embedded-db
COPY docs/openapi.yaml ./docs/openapi.yaml
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# The data directory (the runtime descriptor; with no MONGODB_URI, the embedded database and the
# generated secret key) must be writable by the user the app runs as: /app itself belongs to root.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:3000/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/bundle/tijdig.js"]
CMD ["start", "api"]
