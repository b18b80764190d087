import { afterEach } from "@jest/globals";
import { clearConfigCache } from "../src/config/load.js";

// Tests reuse delivery ids with different configs; production ids are unique per delivery.
afterEach(() => clearConfigCache());
