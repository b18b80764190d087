import { afterEach } from "@jest/globals";
import { clearConfigCache } from "../src/config/load.js";
import { clearWorkflowListings } from "../src/github/workflow-texts.js";
import { installNockIsolation } from "./helpers/nock-isolation.js";

installNockIsolation();

// Tests reuse delivery ids with different configs; production ids are unique per delivery.
// The `.github/workflows` listing's ETag is remembered per repository like the config's.
afterEach(() => {
  clearConfigCache();
  clearWorkflowListings();
});
