import { describe, expect, test } from "@jest/globals";
import { addedCommands, extractCommands, mayHaveCommands } from "../../src/commands/extract.js";

const known = new Set(["stop", "resume", "status", "help"]);
const lines = (body: string) => extractCommands(body, known).map((c) => c.line);

describe("extractCommands", () => {
  test("finds command lines in order, with their arguments", () => {
    expect(extractCommands("please\n/stop homebrew upstream outage\n/status", known)).toEqual([
      { name: "stop", args: "homebrew upstream outage", line: "/stop homebrew upstream outage" },
      { name: "status", args: "", line: "/status" },
    ]);
  });

  test("ignores fenced and indented code, inline code, quotes and HTML comments", () => {
    const body = [
      "```",
      "/stop npm",
      "```",
      "",
      "    /stop indented-code",
      "",
      "> /stop quoted",
      "> > /resume nested",
      "",
      "<!-- /stop hidden",
      "/stop hidden-too -->",
      "",
      "`/stop inline`",
      "text <!-- /stop inline-comment --> more",
      "",
      "/resume all",
    ].join("\n");
    expect(lines(body)).toEqual(["/resume all"]);
  });

  test("a quote-reply of an earlier command does not run it again", () => {
    expect(lines("> /stop all\n\nDone, thanks")).toEqual([]);
  });

  test("other bots' slash words are ignored, and names are case-insensitive", () => {
    expect(lines("/assign @bob\n/lgtm\n/STOP homebrew")).toEqual(["/STOP homebrew"]);
    expect(extractCommands("/STOP homebrew", known)[0]!.name).toBe("stop");
  });

  test("a slash inside a sentence or a path is not a command", () => {
    expect(lines("see /stop for details")).toEqual([]);
    expect(lines("/stopper")).toEqual([]);
    expect(lines("/usr/bin/stop")).toEqual([]);
  });

  test("CRLF line endings", () => {
    expect(lines("hi\r\n/stop npm\r\n/status\r\n")).toEqual(["/stop npm", "/status"]);
  });

  test("invisible characters a phone keyboard adds (zero-width, no-break spaces) do not change the command", () => {
    const stopNpm = [{ name: "stop", args: "npm", line: "/stop npm" }];
    expect(extractCommands("/stop npm\u00a0", known)).toEqual(stopNpm);
    expect(extractCommands("/stop npm\u200b", known)).toEqual(stopNpm);
    expect(extractCommands("\u200b/stop npm\u200d", known)).toEqual(stopNpm);
    expect(extractCommands("/stop\u00a0npm", known)).toEqual(stopNpm);
    expect(extractCommands("/stop\u2060 npm\u200c\r\n", known)).toEqual(stopNpm);
    expect(extractCommands("\ufeff/stop all\u200b\u00a0", known)).toEqual([{ name: "stop", args: "all", line: "/stop all" }]);
    // Still only where a command can be: quoted or mid-sentence, an invisible character changes nothing.
    expect(lines("> \u200b/stop all\n\nthanks")).toEqual([]);
    expect(lines("please \u200b/stop all")).toEqual([]);
  });
});

describe("extractCommands follows GitHub's block structure (cmark-gfm)", () => {
  test("list items, and lines continuing them lazily, are not commands", () => {
    expect(lines("- /stop npm\n1. /stop pypi")).toEqual([]);
    expect(lines("- item\n/stop npm")).toEqual([]);
    expect(lines("- item\n\n/stop npm")).toEqual(["/stop npm"]);
    expect(lines("please\n- /stop npm")).toEqual([]);
  });

  test("a quote continues lazily until a blank line; a fence in a quote ends with the quote", () => {
    expect(lines("> quoted\n/stop npm")).toEqual([]);
    expect(lines("> quoted\n\n/stop npm")).toEqual(["/stop npm"]);
    expect(lines("> ```\n/stop npm")).toEqual(["/stop npm"]);
  });

  test("markdown inside <details> is rendered, so it counts; text inside an HTML block does not", () => {
    expect(lines("<details>\n<summary>log</summary>\n\n/stop npm\n\n</details>")).toEqual(["/stop npm"]);
    expect(lines("<details>\n/stop npm\n</details>")).toEqual([]);
    expect(lines("<div>\n/stop npm\n\n/resume npm")).toEqual(["/resume npm"]);
  });

  test("table rows, headings and setext headings are not commands", () => {
    expect(lines("a | b\n--|--\n/stop npm")).toEqual([]);
    expect(lines("# /stop npm\n/stop npm\n===")).toEqual([]);
  });

  test("code spans and raw HTML tags spanning lines hide the lines they cover", () => {
    expect(lines("see `a\n/stop npm` b")).toEqual([]);
    expect(lines('x <span title="a\n/stop npm">y</span>')).toEqual([]);
    expect(lines("see `a` b\n/stop npm")).toEqual(["/stop npm"]);
  });

  test("an HTML comment is cut out of the rendered line, joining the lines it spans", () => {
    expect(extractCommands("/resume all<!--\nhidden -->  extra", known)).toEqual([
      { name: "resume", args: "all  extra", line: "/resume all  extra" },
    ]);
    expect(lines("text\n    <!-- note -->/stop npm")).toEqual(["/stop npm"]);
    expect(lines("text <!-- not closed\n/stop npm")).toEqual(["/stop npm"]);
  });

  test("tabs count as indentation to the next multiple of four", () => {
    expect(lines("\t/stop npm")).toEqual([]);
    expect(lines("para\n\t/stop npm")).toEqual(["/stop npm"]);
  });

  test("the cheap pre-scan answers no for bodies without a known /name at a line start", () => {
    expect(mayHaveCommands("see /stop for details\n/lgtm", known)).toBe(false);
    expect(mayHaveCommands("  /stop npm", known)).toBe(true);
    expect(mayHaveCommands("x <!-- a -->/stop", known)).toBe(true);
  });
});

describe("extractCommands on hostile bodies of GitHub's 65,536-character limit (linear, no recursion)", () => {
  const LIMIT = 65_536;
  const fill = (unit: string, prefix = "") => (prefix + unit.repeat(Math.ceil(LIMIT / unit.length))).slice(0, LIMIT);

  test("a long emphasis run with and without a command", () => {
    expect(lines(fill("_a*"))).toEqual([]);
    expect(lines(fill("_a*", "/stop npm\n"))).toEqual(["/stop npm"]);
  });

  test("30,000 nested quotes: the command inside is quoted, the one after a blank line runs", () => {
    const deep = "> ".repeat(30_000) + "/stop npm";
    expect(lines(deep)).toEqual([]);
    expect(lines(`${deep}\n/stop lazy\n\n/resume npm`)).toEqual(["/resume npm"]);
  });

  test("deeply nested list items, on one line and over many lines, then blank lines", () => {
    expect(lines("- ".repeat(30_000) + "/stop npm\n" + "\n".repeat(5_000) + "/resume npm")).toEqual(["/resume npm"]);
    const staircase = Array.from({ length: 250 }, (_, i) => `${"  ".repeat(i)}- /stop npm`).join("\n");
    expect(lines(`${staircase}\n\n/status`)).toEqual(["/status"]);
  });

  test("unclosed code spans, comments, tags and fences", () => {
    expect(lines(fill("`a``b", "/stop npm\n"))).toEqual(["/stop npm"]);
    expect(lines(fill(" <!--a", "/stop npm\n"))).toEqual(["/stop npm"]);
    expect(lines(fill('<a x="', "/stop npm\n"))).toEqual(["/stop npm"]);
    expect(lines(fill("```\n", "/stop npm\n"))).toEqual(["/stop npm"]);
    expect(lines(fill("\t", "/stop npm\n"))).toEqual(["/stop npm"]);
  });

  test("65,536 characters of command lines are all found, in order", () => {
    const found = extractCommands(fill("/stop npm\n"), known);
    // 6,553 whole lines and a last one cut to `/stop `.
    expect(found).toHaveLength(6_554);
    expect(found.slice(0, -1).every((c) => c.line === "/stop npm")).toBe(true);
    expect(found.at(-1)!.line).toBe("/stop");
  });
});

describe("addedCommands (edited comments)", () => {
  const parse = (body: string) => extractCommands(body, known);
  test("only new or changed lines run", () => {
    expect(addedCommands(parse("/stop npm"), parse("/stop npm\n/stop pypi")).map((c) => c.line)).toEqual(["/stop pypi"]);
    expect(addedCommands(parse("/stop npm outage"), parse("/stop npm outage upstream")).map((c) => c.line)).toEqual(["/stop npm outage upstream"]);
  });
  test("an edit that touches only prose runs nothing", () => {
    expect(addedCommands(parse("/status\ntypo"), parse("/status\nfixed typo"))).toEqual([]);
  });
  test("repeats are counted", () => {
    expect(addedCommands(parse("/status"), parse("/status\n/status")).length).toBe(1);
  });
});
