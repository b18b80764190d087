import type { AppIdentityResolver } from "../github/app-identity.js";
import type { ControlStore } from "../control/store.js";
import type { DeliveryDedupe } from "../coordination/delivery-dedupe.js";
import type { ExclusiveRunner } from "../coordination/exclusive.js";
import type { AppMetrics } from "./app-metrics.js";
import type { Lease } from "../coordination/lease.js";
import type { RedisCoordinator } from "../coordination/redis-coordinator.js";
import type { ScheduleSettings } from "../config/schedule-settings.js";
import type { CatchupSettings } from "../config/catchup-settings.js";
import type { RedeliveryStatus } from "./redelivery-status.js";
import type { RedeliveryStore } from "../coordination/redelivery-store.js";
import type { RepeatReads } from "../github/repeat-reads.js";
import type { WorkflowTexts } from "../github/workflow-texts.js";
import type { InFlight } from "../coordination/in-flight.js";

/** Catching up after downtime: redelivering failed webhooks, reconciling runs from the API. */
export interface CatchupDeps {
  settings: CatchupSettings;
  /** The redelivery checkpoint and claims (Redis across replicas). */
  redeliveries: RedeliveryStore;
  /** Reported on /health. */
  status: RedeliveryStatus;
}

/** What the handlers share, injected through the app function so tests can replace any of it. */
export interface AppDeps {
  store: ControlStore;
  dedupe: DeliveryDedupe;
  clock: () => Date;
  /** One at a time per key, across replicas with Redis (finding or creating the one open incident). */
  exclusive: ExclusiveRunner;
  /** Serialises seeding digest updates per repository (Redis across replicas). */
  seedingLock: ExclusiveRunner;
  /** Config and permission reads made ETag-conditional (304s cost no rate limit). */
  repeatReads: RepeatReads;
  /** `.github/workflows` listings and what was learnt from each file, by blob sha. */
  workflowTexts: WorkflowTexts;
  /** Claims one scheduled tick per repository and interval (Redis across replicas). */
  lease?: Lease;
  /** Present when REDIS_URL is set: its state is reported on /health. */
  redis?: RedisCoordinator;
  /** Who this app is (to recognise the issues it opened); built from the Probot app when absent. */
  appIdentity?: AppIdentityResolver;
  /** Prometheus counters and gauges served on /metrics; absent in tests that do not look at them. */
  metrics?: AppMetrics;
  /** The /pipeline/ pages: DASHBOARD_TOKEN (private repositories) and how long data is reused. */
  dashboard?: { token?: string; cacheSeconds?: number };
  /** The schedule's timer interval and HTTP trigger token; absent: no timer, the trigger answers 404. */
  schedule?: ScheduleSettings;
  /** Absent (tests): no redelivery pass and no start-up tick; runs are still reconciled with the defaults. */
  catchup?: CatchupDeps;
  /** Deliveries and ticks in progress, and whether the process is shutting down (SIGTERM); absent in tests. */
  inFlight?: InFlight;
}
