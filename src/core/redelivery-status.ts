/** What one redelivery pass did. */
export interface RedeliveryPassReport {
  at: string;
  /** Delivery attempts listed back to the checkpoint. */
  examined: number;
  /** Events asked again (GitHub answered 202). */
  redelivered: number;
  /** Redelivery requests GitHub refused or failed. */
  failed: number;
  /** Failed events not asked now: already redelivered, claimed by another replica, or over the per-tick cap. */
  skipped: number;
  /** Why the pass ended early, if it did (the rest waits for the next tick). */
  stopped?: "rate limit" | "listing failed";
  /** GitHub's answer when the deliveries could not be listed. */
  error?: string;
  /** More deliveries than a pass reads were listed since the checkpoint. */
  truncated?: boolean;
  checkpoint?: string;
}

/** Totals since start and the last pass, for `/health`. */
export class RedeliveryStatus {
  redelivered = 0;
  failed = 0;
  skipped = 0;
  last: RedeliveryPassReport | undefined;

  constructor(readonly enabled: boolean) {}

  record(report: RedeliveryPassReport): void {
    this.redelivered += report.redelivered;
    this.failed += report.failed;
    this.skipped += report.skipped;
    this.last = report;
  }

  toJSON(): Record<string, unknown> {
    return {
      enabled: this.enabled,
      redelivered: this.redelivered,
      failed: this.failed,
      skipped: this.skipped,
      ...(this.last ? { last_pass: this.last } : {}),
    };
  }
}
