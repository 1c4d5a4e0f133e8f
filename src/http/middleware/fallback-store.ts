/**
 * A rate-limit store that counts in Redis (one count for every API process) and, while Redis does
 * not answer, in this process, so a limit keeps working through a Redis outage instead of failing
 * every request. Back in Redis, the next window counts there again.
 */
import { type ClientRateLimitInfo, type IncrementResponse, MemoryStore, type Options, type Store } from 'express-rate-limit';

export class FallbackStore implements Store {
  private readonly local = new MemoryStore();
  /** The shared store's, for express-rate-limit's check that no key is counted twice. */
  readonly prefix?: string;
  readonly localKeys = false;

  /** `up`: whether the shared store can answer now; while not, counting goes local at once instead of waiting to fail. */
  constructor(
    private readonly shared: Store,
    private readonly up: () => boolean = () => true,
  ) {
    this.prefix = shared.prefix;
  }

  init(options: Options): void {
    this.local.init(options);
    Promise.resolve(this.shared.init?.(options)).catch(() => {});
  }

  private async either<T>(shared: () => Promise<T> | T, local: () => Promise<T> | T): Promise<T> {
    if (!this.up()) return local();
    try {
      return await shared();
    } catch {
      return local();
    }
  }

  get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.either(
      () => this.shared.get?.(key),
      () => this.local.get(key),
    );
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.either(
      () => this.shared.increment(key),
      () => this.local.increment(key),
    );
  }

  decrement(key: string): Promise<void> {
    return this.either(
      () => this.shared.decrement(key),
      () => this.local.decrement(key),
    );
  }

  resetKey(key: string): Promise<void> {
    return this.either(
      () => this.shared.resetKey(key),
      () => this.local.resetKey(key),
    );
  }

  shutdown(): void {
    this.local.shutdown();
  }
}
