#!/usr/bin/env bash
# Builds the Docker image from ./Dockerfile with podman on a machine that has no Docker engine and
# no container registry (only Debian and npm are reachable), then prints its size and how long it
# takes from start to a ready /readyz. Needs root and Debian (apt-get, debootstrap, podman).
#
# node:20-bookworm-slim cannot be pulled here, so a stand-in is made under that name: Debian
# bookworm (debootstrap minbase, slimmed as the official debian:bookworm-slim is), this machine's
# node 20 and npm in /usr/local as the official image has them, and a `node` user (uid 1000). It
# comes to about the official image's size (190 MB against about 200 MB).
#
# crun cannot run a build step here (cgroups in hybrid mode), so podman uses runc throughout. Each
# start is a container of its own (podman run), timed from the command to the first ready /readyz.
#
#   sudo tools/image-check.sh [runs=5]
# REDIS_URL (default redis://127.0.0.1:6379) must answer; with MONGODB_URI set the app uses that
# database, as in docker-compose.yml, and otherwise its embedded one (in the image's /app/data).
# IMAGE_RUN times another command instead of the image's own, e.g. IMAGE_RUN='node
# --cpu-prof --cpu-prof-dir=/tmp dist/bundle/tijdig.js start api'. (tsc's unbundled output cannot
# run in the image: its node_modules holds only what the bundle leaves outside.)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
PORT=${PORT:-3000}
command -v podman >/dev/null && command -v debootstrap >/dev/null && command -v runc >/dev/null || apt-get install -y -q podman debootstrap runc

work=$(mktemp -d)
rootfs=$work/rootfs
cid=''
cleanup() {
  if [ -n "$cid" ]; then podman rm -f "$cid" >/dev/null 2>&1 || true; fi
  # The app's queue keys, so a shared Redis is left as it was found.
  if command -v redis-cli >/dev/null; then
    redis-cli -u "$REDIS_URL" --scan --pattern "tijdig-image-check-$$:*" | xargs -r redis-cli -u "$REDIS_URL" del >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== stand-in node:20-bookworm-slim"
# Made once; a later run builds on the one made before.
if ! podman image exists docker.io/library/node:20-bookworm-slim; then
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$work/debootstrap.log"
  rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/lib/node_modules"
  cp "$(readlink -f "$(command -v node)")" "$rootfs/usr/local/bin/node"
  cp -a "$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
  # Where npm's traffic passes a TLS-inspecting proxy, its CA has to be in the image for `npm ci`.
  if [ -n "${NODE_EXTRA_CA_CERTS:-}" ]; then
    mkdir -p "$rootfs/etc/ssl/certs" && cp "$NODE_EXTRA_CA_CERTS" "$rootfs/etc/ssl/certs/extra-ca.crt"
    changes+=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/extra-ca.crt')
  fi
  tar -C "$rootfs" -c . | podman import "${changes[@]}" - docker.io/library/node:20-bookworm-slim >/dev/null
fi
podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' docker.io/library/node:20-bookworm-slim

echo "== build ./Dockerfile"
start=$(date +%s)
podman --runtime runc build --format docker --pull=never --network=host -t tijdig:image-check . >"$work/build.log" 2>&1 || {
  tail -20 "$work/build.log"
  exit 1
}
echo "built in $(($(date +%s) - start)) s"
podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' localhost/tijdig:image-check
echo "compressed (gzip -1 of podman save): $(($(podman save localhost/tijdig:image-check 2>/dev/null | gzip -1 | wc -c) / 1000000)) MB"

echo "== start to ready /readyz, the image's command (start api) on ${MONGODB_URI:-its embedded database}"
# A container per start, on the host's network (Redis is the host's). runc is refused raising a limit
# here, so the two it would raise are set at or below this shell's own. The image's HEALTHCHECK is
# run once by hand (podman healthcheck run): its timer would need systemd, which this machine lacks.
limits=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096)
# Starts a container RUNS times, `podman run` ending with this function's arguments after the label
# (the image and what follows it), times each from the command to the first answer of /readyz, and
# prints the times.
time_starts() {
  local label=$1 times=() t0 n
  shift
  for i in $(seq "$RUNS"); do
    t0=$(date +%s%N)
    cid=$(podman --runtime runc run -d --network host "${limits[@]}" --health-interval disable \
      -e PORT="$PORT" -e REDIS_URL="$REDIS_URL" -e MONGODB_URI="${MONGODB_URI:-}" -e QUEUE_PREFIX="tijdig-image-check-$$" \
      -e SECRET_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" -e LOG_LEVEL=warn "$@" 2>>"$work/podman.log")
    n=0
    until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; do
      sleep 0.02
      n=$((n + 1))
      # Asking podman costs more than a poll: only now and then.
      if [ $n -gt 1500 ] || { [ $((n % 50)) = 0 ] && [ "$(podman inspect --format '{{.State.Running}}' "$cid")" != true ]; }; then
        echo "$label did not become ready:" && podman logs "$cid" 2>&1 | tail -20
        exit 1
      fi
    done
    times+=($((($(date +%s%N) - t0) / 1000000)))
    if [ "$i" = 1 ] && [ "$label" = image ]; then
      if podman --runtime runc healthcheck run "$cid" 2>>"$work/podman.log"; then echo "the image's HEALTHCHECK passes"; else
        echo "the image's HEALTHCHECK FAILS" && exit 1
      fi
    fi
    # The floor's node, as pid 1 without a handler, ignores SIGTERM; tijdig stops on it at once.
    podman rm -f -t 2 "$cid" >/dev/null 2>>"$work/podman.log"
    cid=''
  done
  echo "$label: ready after ${times[*]} ms"
}

# What the image runs (its entrypoint and command), or IMAGE_RUN to compare another way of starting.
podman inspect --format '{{join .Config.Entrypoint " "}} {{join .Config.Cmd " "}}' localhost/tijdig:image-check
if [ -n "${IMAGE_RUN:-}" ]; then
  time_starts "IMAGE_RUN ($IMAGE_RUN)" --entrypoint sh localhost/tijdig:image-check -c "exec $IMAGE_RUN"
else
  time_starts image localhost/tijdig:image-check
fi
# The floor, in the same run: the same container answering /readyz from node's bare http module.
time_starts "floor (node's http module in the same image)" --entrypoint node localhost/tijdig:image-check \
  -e "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT)"
