import { installNockIsolation } from "./helpers/nock-isolation.js";

// No module-level state to reset: every cache and lock belongs to the deps a test builds (`testDeps`).
installNockIsolation();
