# tijdig API or worker (choose with the command: `start api` / `start worker`).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts
COPY bin ./bin
COPY src ./src
COPY workers ./workers
COPY embedded-db ./embedded-db
# Served at /api/v1/openapi.yaml.
COPY docs/openapi.yaml ./docs/openapi.yaml
COPY tsconfig.json ./
USER node
EXPOSE 3000
ENTRYPOINT ["node", "bin/tijdig.mjs"]
CMD ["start", "api"]
