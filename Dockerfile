# tijdig API or worker (choose with the command: `start api` / `start worker`).
# Two stages: the build compiles the TypeScript to dist/ with tsc and links it into dist/bundle/ (one
# file loads faster than a thousand: tools/bundle.mjs); the image runs `node dist/bundle/tijdig.js`
# with the production dependencies the bundle leaves outside, and theirs (tools/runtime-modules.mjs),
# in node_modules: no TypeScript runner, nothing the bundle already holds.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY tools/copy-build-files.mjs tools/bundle.mjs tools/bundle-externals.mjs tools/runtime-modules.mjs ./tools/
COPY src ./src
COPY workers ./workers
COPY embedded-db ./embedded-db
COPY docs/openapi.yaml ./docs/openapi.yaml
RUN npm run build && node tools/runtime-modules.mjs /runtime

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# package.json says the bundle is an ES module ("type": "module").
COPY package.json ./
COPY --from=build /runtime/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The data directory (the runtime descriptor; with no MONGODB_URI, the embedded database and the
# generated secret key) must be writable by the user the app runs as: /app itself belongs to root.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:3000/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/bundle/tijdig.js"]
CMD ["start", "api"]
