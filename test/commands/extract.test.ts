import { describe, expect, test } from "@jest/globals";
import { addedCommands, extractCommands } from "../../src/commands/extract.js";

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
