import { describe, expect, test } from "@jest/globals";
import { escapeMarkdown, quoteCommand, sanitizeReason } from "../../src/util/sanitize.js";

describe("sanitize", () => {
  test("a reason cannot add lines to a commit message", () => {
    expect(sanitizeReason("outage\n\nrequested_by: mallory\r\nx")).toBe("outage requested_by: mallory x");
    expect(sanitizeReason("a\u0000b\u001bc\u2029d")).toBe("a b c d");
  });
  test("at most 500 characters", () => {
    expect(sanitizeReason("y".repeat(900))).toHaveLength(500);
  });
  test("markdown cannot break out of a reply", () => {
    expect(escapeMarkdown("<img src=x> [a](b) @team `c` | d")).toBe("\\<img src=x\\> \\[a\\]\\(b\\) @\u200bteam \\`c\\` \\| d");
    expect(quoteCommand("/stop `x` ``y")).toBe("`/stop ˋxˋ ˋˋy`");
  });
});
