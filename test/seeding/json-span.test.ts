import { describe, expect, test } from "@jest/globals";
import { arrayElementSpan, serializeLike } from "../../src/seeding/json-span.js";

describe("arrayElementSpan", () => {
  test("finds each element of a top-level array, skipping strings with brackets and escaped quotes", () => {
    const doc = { a: '[{"}', entries: [{ n: 'x\\"}]' }, 2, "s", null, [1, [2]], { deep: { deeper: ["}"] } }], z: 1 };
    const text = JSON.stringify(doc, null, 2);
    doc.entries.forEach((value, i) => {
      const span = arrayElementSpan(text, "entries", i)!;
      expect(JSON.parse(text.slice(span.start, span.end))).toEqual(value);
    });
    expect(arrayElementSpan(text, "entries", doc.entries.length)).toBeUndefined();
  });

  test("undefined when the key is missing, not an array, or the array is empty", () => {
    expect(arrayElementSpan('{"a": []}', "entries", 0)).toBeUndefined();
    expect(arrayElementSpan('{"entries": {"0": 1}}', "entries", 0)).toBeUndefined();
    expect(arrayElementSpan('{"entries": [ ]}', "entries", 0)).toBeUndefined();
    expect(arrayElementSpan("{}", "entries", 0)).toBeUndefined();
  });

  test("undefined for text that is not a JSON object", () => {
    expect(arrayElementSpan("[1]", "entries", 0)).toBeUndefined();
    expect(arrayElementSpan('{"entries": ["unterminated', "entries", 0)).toBeUndefined();
  });

  test("a key written with escapes is matched by its value", () => {
    const text = '{"\\u0065ntries": [7]}';
    const span = arrayElementSpan(text, "entries", 0)!;
    expect(text.slice(span.start, span.end)).toBe("7");
  });
});

describe("serializeLike", () => {
  test("matches the indentation of a pretty-printed element", () => {
    const text = '{\n  "entries": [\n    {\n      "a": 1\n    }\n  ]\n}';
    const span = arrayElementSpan(text, "entries", 0)!;
    expect(serializeLike(text, span, { a: 2, b: null })).toBe('{\n      "a": 2,\n      "b": null\n    }');
  });

  test("compact when the element was on one line", () => {
    const text = '{"entries": [{"a": 1}]}';
    expect(serializeLike(text, arrayElementSpan(text, "entries", 0)!, { a: 2 })).toBe('{"a":2}');
  });
});
