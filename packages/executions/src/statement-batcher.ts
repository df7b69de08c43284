/**
 * Sends requests to Postgres in batches: while `concurrency` statements are in flight, requests that
 * arrive wait and go together as the next statement (so N concurrent callers cost a few transactions
 * and WAL flushes instead of N); a lone request goes at once, so batching adds no latency. If a batch fails
 * as a whole (a constraint, a dropped connection), its requests are retried one by one, so one bad request
 * never fails another. The worker's loads and fenced commits both go through one of these.
 */
export class StatementBatcher<Request, Result> {
  private queue: Array<{ request: Request; resolve(result: Result): void; reject(error: unknown): void }> = [];
  private active = 0;
  /** Statements sent (each is one transaction). */
  statements = 0;

  /**
   * @param runBatch sends one statement for the requests and returns one result per request, in order.
   * @param concurrency statements in flight at once (default 4).
   * @param maxBatch requests in one statement at most (default 128).
   */
  constructor(
    private readonly runBatch: (requests: Request[]) => Promise<Result[]>,
    private readonly concurrency = 4,
    private readonly maxBatch = 128,
  ) {}

  submit(request: Request): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.kick();
    });
  }

  /** Starts batches while fewer than `concurrency` are in flight (so Postgres still works on several at once). */
  private kick(): void {
    while (this.active < this.concurrency && this.queue.length > 0) {
      this.active++;
      const batch = this.queue.splice(0, this.maxBatch);
      void this.send(batch).finally(() => {
        this.active--;
        this.kick();
      });
    }
  }

  private async send(batch: StatementBatcher<Request, Result>["queue"]): Promise<void> {
    try {
      const results = await this.run(batch.map((p) => p.request));
      batch.forEach((p, i) => p.resolve(results[i] as Result));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const p of batch) {
        try {
          p.resolve((await this.run([p.request]))[0] as Result);
        } catch (single) {
          p.reject(single);
        }
      }
    }
  }

  private run(requests: Request[]): Promise<Result[]> {
    this.statements++;
    return this.runBatch(requests);
  }
}
