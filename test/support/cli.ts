/** Runs the `tijdig` command line as its own process and collects what it printed. */
import { randomUUID } from 'node:crypto';
import { redisAnswers } from '../../src/runtime/redis-server.ts';
import { removePrefix } from './redis-keys.ts';
import { spawnTs } from './spawn.ts';

/**
 * Each run gets queue keys of its own, removed when it ends: a command such as `import` queues work
 * on the Redis it finds, which may be shared with other runs or with a real tijdig on the default prefix.
 */
export async function runCli(
  args: string[],
  mongoUri: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const prefix = `tijdig-test-cli-${randomUUID().slice(0, 8)}`;
  const child = spawnTs('src/cli/main.ts', args, { MONGODB_URI: mongoUri, QUEUE_PREFIX: prefix, ...env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  // The Redis the command used: REDIS_URL, else the default one when it answers (without either the
  // command started a private redis-server, gone with it).
  const redisUrl = env.REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(redisUrl)) await removePrefix(redisUrl, prefix);
  return { code, stdout, stderr };
}
