// Wall time per phase and peak resident memory of a pruning run.

/** How often the resident set size is sampled while a run is in progress. */
const RSS_SAMPLE_MILLISECONDS = 100;

export class RunMonitor {
  private readonly phaseSeconds = new Map<string, number>(); // phase name → seconds, in first-seen order
  private readonly startedAt = performance.now();
  private peakRss = process.memoryUsage().rss; // bytes
  private timer: NodeJS.Timeout | null = null;

  /** Starts sampling process.memoryUsage().rss every RSS_SAMPLE_MILLISECONDS until stop(). */
  start(): void {
    this.timer ??= setInterval(() => this.sampleMemory(), RSS_SAMPLE_MILLISECONDS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.sampleMemory();
  }

  sampleMemory(): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss);
  }

  /** Runs `work` and adds its wall time to `phase`. */
  async phase<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.addTime(phase, (performance.now() - start) / 1000);
      this.sampleMemory();
    }
  }

  addTime(phase: string, seconds: number): void {
    this.phaseSeconds.set(phase, (this.phaseSeconds.get(phase) ?? 0) + seconds);
  }

  phases(): { phase: string; seconds: number }[] {
    return [...this.phaseSeconds].map(([phase, seconds]) => ({ phase, seconds }));
  }

  elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  peakRssBytes(): number {
    return this.peakRss;
  }
}

/**
 * Formats progress through the blocks, e.g. "block 2 of 5, input statistics, 3.1 s elapsed,
 * ETA 4.6 s". The ETA assumes every remaining block takes as long as the finished ones did on
 * average, so it is unknown until the first block is done.
 */
export class BlockProgress {
  private readonly startedAt = performance.now();

  constructor(private readonly blocks: number) {}

  describe(block: number, phase: string): string {
    const elapsed = (performance.now() - this.startedAt) / 1000;
    const eta = block === 0 ? "ETA unknown" : `ETA ${formatSeconds((elapsed / block) * (this.blocks - block))}`;
    return `block ${block + 1} of ${this.blocks}, ${phase}, ${formatSeconds(elapsed)} elapsed, ${eta}`;
  }
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

export function formatBytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
