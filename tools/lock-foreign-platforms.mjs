// The registry this project installs from serves only linux-x64 builds of platform-specific
// optional packages, so `npm install` leaves the other platforms out of package-lock.json and
// `npm ci` then refuses the lock as out of sync. This adds those optional entries back, limited
// by os/cpu so npm never fetches them here. Run after any `npm install`:
//   node tools/lock-foreign-platforms.mjs package-lock.json
import fs from 'node:fs';

const f = process.argv[2];
const lock = JSON.parse(fs.readFileSync(f, 'utf8'));
const add = (name, version, os, cpu, extra = {}) => {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) return;
  lock.packages[key] = { version, ...extra, optional: true, os: [os], cpu: [cpu] };
};
const biome = lock.packages['node_modules/@biomejs/biome'].version;
for (const [p, os, cpu, libc] of [
  ['android-arm64', 'android', 'arm64'],
  ['android-x64', 'android', 'x64'],
  ['darwin-arm64', 'darwin', 'arm64'],
  ['darwin-x64', 'darwin', 'x64'],
  ['linux-arm64-musl', 'linux', 'arm64', 'musl'],
  ['linux-x64-musl', 'linux', 'x64', 'musl'],
  ['win32-arm64', 'win32', 'arm64'],
  ['win32-x64', 'win32', 'x64'],
])
  add(`@biomejs/cli-${p}`, biome, os, cpu, {
    dev: true,
    license: 'MIT OR Apache-2.0',
    ...(libc ? { libc: [libc] } : {}),
    engines: { node: '>=14.21.3' },
  });
const mx = lock.packages['node_modules/msgpackr-extract'].version;
for (const [p, os, cpu] of [
  ['darwin-arm64', 'darwin', 'arm64'],
  ['darwin-x64', 'darwin', 'x64'],
  ['linux-arm', 'linux', 'arm'],
  ['win32-x64', 'win32', 'x64'],
])
  add(`@msgpackr-extract/msgpackr-extract-${p}`, mx, os, cpu, { license: 'MIT' });
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
fs.writeFileSync(f, `${JSON.stringify(lock, null, 2)}\n`);
