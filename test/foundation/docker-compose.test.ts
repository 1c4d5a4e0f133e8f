import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/spawn.ts';

describe('docker-compose.yml', () => {
  it('parses with docker-compose and wires api and worker to MongoDB and Redis', () => {
    const out = execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], { cwd: ROOT, encoding: 'utf8' });
    for (const service of ['mongo:', 'redis:', 'api:', 'worker:']) expect(out).toContain(service);
    expect(out).toMatch(/MONGODB_URI: mongodb:\/\/mongo:27017\/tijdig\?replicaSet=rs0/);
    expect(out).toMatch(/REDIS_URL: redis:\/\/redis:6379/);
    expect(out).toMatch(/--appendonly/);
    expect(out).toMatch(/noeviction/);
    // Every API process must share the CSRF signing key: it comes from the environment, never a default.
    expect(out).toMatch(/SECRET_KEY: ''/);
  });
});
