# The bot as a container. Build: docker build -t county-ecommerce-bot .   Run: see compose.yaml and the README.
FROM node:20-bookworm-slim

# Times in logs and the bot's replies in the county's zone; the bot stores UTC either way.
ENV TZ=Asia/Shanghai \
    BOT_DATA_DIR=/data \
    BOT_HTTP_HOST=0.0.0.0 \
    BOT_HTTP_PORT=8080 \
    NPM_CONFIG_UPDATE_NOTIFIER=false

WORKDIR /app
# The image's own user "node" (uid 1000), never root. It owns the app folder because `npm start` may compile into
# it before it starts (a build step), and the data folder.
RUN mkdir -p /data && chown node:node /app /data
USER node
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY --chown=node:node . .
# Compile now if the project has a build step, so that the start only checks it is current.
RUN npm run build --if-present
VOLUME ["/data"]
EXPOSE 8080

# The slim image has no curl: node asks /healthz itself (200 when every platform is up, 503 when one is down).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Docker stops a container with SIGTERM: the bot finishes what it is sending, releases its lock and exits.
STOPSIGNAL SIGTERM
CMD ["npm", "start"]
