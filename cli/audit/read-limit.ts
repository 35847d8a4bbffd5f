/**
 * At most `limit` reads in flight, whichever account, region or key they are for: one bound
 * for the whole audit, so a large organization does not multiply it.
 */
export class ReadLimit {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(read: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight++;
    try {
      return await read();
    } finally {
      // The slot passes straight to the next waiting read, so inFlight never drops below a waiter's count.
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }
}
