/**
 * Which recorded runs the current isolate holds, with their size, least recently used first, and the
 * running total (so a call never walks the whole list unless it has to evict).
 */
export class ShippedRuns {
  private readonly sizes = new Map<string, number>();
  private total = 0;

  get bytes(): number {
    return this.total;
  }

  has(key: string): boolean {
    return this.sizes.has(key);
  }

  /** Marks a held run as just used. Returns false when the isolate does not hold it. */
  touch(key: string): boolean {
    const size = this.sizes.get(key);
    if (size === undefined) return false;
    this.sizes.delete(key);
    this.sizes.set(key, size);
    return true;
  }

  add(key: string, size: number): void {
    this.delete(key);
    this.sizes.set(key, size);
    this.total += size;
  }

  delete(key: string): void {
    const size = this.sizes.get(key);
    if (size === undefined) return;
    this.sizes.delete(key);
    this.total -= size;
  }

  clear(): void {
    this.sizes.clear();
    this.total = 0;
  }

  /** Keys from least to most recently used. */
  keys(): IterableIterator<string> {
    return this.sizes.keys();
  }
}
