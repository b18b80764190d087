import { expect, test } from "@jest/globals";
import { CommentMemo } from "../../src/commands/comment-memo.js";

test("the first command to ask starts the work; the others of the comment get the same answer, other keys their own", async () => {
  const memo = new CommentMemo();
  let started = 0;
  const work = (answer: string) => async () => (started++, answer);
  const first = memo.once("stop-effect|enabled", work("a"));
  const second = memo.once("stop-effect|enabled", work("b"));
  expect(second).toBe(first);
  expect(await memo.once("stop-effect|disabled_ecosystems", work("c"))).toBe("c");
  expect(await second).toBe("a");
  expect(started).toBe(2);
});
