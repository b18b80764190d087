import type { ControlStore } from "./services/control-store.js";
import type { DeliveryDedupe } from "./services/delivery-dedupe.js";

/** What the handlers share, injected through the app function so tests can replace any of it. */
export interface AppDeps {
  store: ControlStore;
  dedupe: DeliveryDedupe;
  clock: () => Date;
}
