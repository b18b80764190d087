import { describe, expect, test } from "@jest/globals";
import { escapeMarkdown, escapeOutsideCode, inlineCode, neutralise, quoteCommand, sanitizeReason } from "../../src/util/sanitize.js";

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

describe("neutralise, escapeOutsideCode and inlineCode", () => {
  test("no mention, link, image, HTML or bare URL survives neutralise", () => {
    expect(neutralise("@team [a](https://x.example) ![i](http://y) <b> www.z.example `c` \\")).toBe(
      "@\u200bteam \\[a\\](https:\u200b//x.example) !\\[i\\](http:\u200b//y) \\<b\\> www\u200b.z.example \\`c\\` \\\\",
    );
  });
  test("escapeMarkdown breaks bare URLs too", () => {
    expect(escapeMarkdown("see https://evil.example and www.evil.example")).toBe("see https:\u200b//evil.example and www\u200b.evil.example");
  });
  test("escapeOutsideCode keeps inline code spans and neutralises the rest", () => {
    expect(escapeOutsideCode(`Unknown ${inlineCode("@x <b>")}. Known: @team, www.a.example`)).toBe(
      "Unknown `@x <b>`. Known: @\u200bteam, www\u200b.a.example",
    );
  });
  test("inlineCode: one line, backticks replaced, never empty", () => {
    expect(inlineCode("a`b\nc")).toBe("`aˋb c`");
    expect(inlineCode("")).toBe("` `");
  });
});
