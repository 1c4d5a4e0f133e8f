/**
 * `load` runs on the first call, and every later call shares its result; a load that failed runs
 * again on the next call. For what a process may never need and should not pay for at start.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((err: unknown) => {
      loaded = undefined;
      throw err;
    }));
}
