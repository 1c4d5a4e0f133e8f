/** Runs the `tijdig` command line as its own process and collects what it printed. */
import { spawnTs } from './spawn.ts';

export function runCli(
  args: string[],
  mongoUri: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnTs('src/cli/main.ts', args, { MONGODB_URI: mongoUri, ...env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}
