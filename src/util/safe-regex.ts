import { compileLinear } from "./linear-regex.js";

const MAX_PATTERN_LENGTH = 200;
/** Larger repetition counts are refused: they only make the compiled program big (inputs are short). */
export const MAX_REPEAT = 100;
/**
 * Characters, classes and anchors once repetitions are expanded (`\d{4}` counts 4), as RE2 compiles them.
 * The default pattern counts 16; compiling 500 takes a few milliseconds, 2,500 about 100.
 */
export const MAX_EXPANDED_SIZE = 500;

/**
 * Why a configured regular expression may not be used, or null when it may. The pattern is applied to
 * text from comments. It is matched with a linear-time engine (RE2, see linear-regex.ts), so it must
 * compile there as well as in JavaScript; and patterns that would backtrack badly in an ordinary engine
 * are refused too, with a message saying why, so the rule does not depend on the engine:
 * - a group repeated with `*`, `+` or `{n,m}` may not contain a repetition or an alternation (`(a+)+`, `(a|a)*`);
 * - two variable repetitions whose characters overlap may not follow each other with only optional
 *   items between them (`\d*\d*`, `\w+-?\d+`): each way of splitting the input is another path to try.
 */
export function regexProblem(source: string): string | null {
  if (source.length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(source);
  } catch (error) {
    return `is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
  if (/\\[1-9]|\\k</.test(source)) return "must not use back-references";
  if (/\(\?<?[=!]/.test(source)) return "must not use lookahead or lookbehind";
  let tree: Sequence[];
  try {
    tree = new Parser(source).parse();
  } catch (error) {
    return error instanceof PatternError ? error.message : `cannot be analysed (${String(error)})`;
  }
  const problem = ambiguity(tree);
  if (problem) return problem;
  const size = tree.reduce((n, sequence) => n + sizeOf(sequence), 0);
  if (size > MAX_EXPANDED_SIZE) return `is too large once its repetitions are expanded (${size} parts, at most ${MAX_EXPANDED_SIZE})`;
  try {
    compileLinear(`^(?:${source})$`);
  } catch (error) {
    return `uses syntax the linear-time matcher (RE2) does not support (${error instanceof Error ? error.message : String(error)})`;
  }
  return null;
}

class PatternError extends Error {}

/** ASCII characters one by one; everything beyond ASCII as one member (enough to decide overlap). */
class CharSet {
  private readonly ascii = new Uint8Array(128);
  private other = false;

  static of(...codes: number[]): CharSet {
    const set = new CharSet();
    for (const code of codes) set.add(code);
    return set;
  }

  static range(from: number, to: number): CharSet {
    const set = new CharSet();
    for (let c = from; c <= Math.min(to, 127); c++) set.ascii[c] = 1;
    if (to > 127) set.other = true;
    return set;
  }

  add(code: number): void {
    if (code < 128) this.ascii[code] = 1;
    else this.other = true;
  }

  addAll(other: CharSet): CharSet {
    for (let c = 0; c < 128; c++) if (other.ascii[c]) this.ascii[c] = 1;
    if (other.other) this.other = true;
    return this;
  }

  complement(): CharSet {
    const set = new CharSet();
    for (let c = 0; c < 128; c++) set.ascii[c] = this.ascii[c] ? 0 : 1;
    set.other = true;
    return set;
  }

  overlaps(other: CharSet): boolean {
    for (let c = 0; c < 128; c++) if (this.ascii[c] && other.ascii[c]) return true;
    return this.other && other.other;
  }
}

const DIGITS = CharSet.range(48, 57);
const WORD = CharSet.range(48, 57).addAll(CharSet.range(65, 90)).addAll(CharSet.range(97, 122)).addAll(CharSet.of(95));
const SPACE = CharSet.of(9, 10, 11, 12, 13, 32, 160);
const DOT = CharSet.of(10, 13).complement();

/** One item of a sequence: an atom or a group, with its quantifier. */
interface Item {
  min: number;
  max: number;
  /** Every character the item can match, and those it can start with. */
  chars: CharSet;
  first: CharSet;
  /** Matches the empty string (a zero minimum, an assertion, a group that can). */
  nullable: boolean;
  /** Can match inputs of different lengths: a variable quantifier, or a group containing one. */
  variable: boolean;
  /** A group containing a repetition (max > 1) or an alternation. */
  complex: boolean;
  /** Parts once repetitions are expanded (for one occurrence of the item). */
  size: number;
  alternatives?: Sequence[];
}
type Sequence = Item[];

/** A recursive-descent reader of the JavaScript pattern syntax that both engines accept. */
class Parser {
  private i = 0;
  private depth = 0;

  constructor(private readonly source: string) {}

  parse(): Sequence[] {
    const alternatives = this.alternatives();
    if (this.i < this.source.length) throw new PatternError("is not a valid regular expression (unbalanced parenthesis)");
    return alternatives;
  }

  private alternatives(): Sequence[] {
    const list: Sequence[] = [this.sequence()];
    while (this.source[this.i] === "|") {
      this.i++;
      list.push(this.sequence());
    }
    return list;
  }

  private sequence(): Sequence {
    const items: Item[] = [];
    while (this.i < this.source.length && this.source[this.i] !== "|" && this.source[this.i] !== ")") {
      items.push(this.quantified(this.atom()));
    }
    return items;
  }

  private atom(): Item {
    const ch = this.source[this.i]!;
    if (ch === "(") return this.group();
    if (ch === "[") return charItem(this.charClass());
    if (ch === "^" || ch === "$") {
      this.i++;
      return assertion();
    }
    if (ch === ".") {
      this.i++;
      return charItem(DOT);
    }
    if (ch === "\\") {
      const escaped = this.escape(false);
      return escaped === null ? assertion() : charItem(escaped);
    }
    this.i++;
    return charItem(CharSet.of(this.source.codePointAt(this.i - 1)!));
  }

  private group(): Item {
    this.i++;
    if (this.source.startsWith("?:", this.i)) this.i += 2;
    else if (this.source.startsWith("?<", this.i)) this.i = this.source.indexOf(">", this.i) + 1;
    if (++this.depth > 50) throw new PatternError("nests groups too deeply");
    const alternatives = this.alternatives();
    this.depth--;
    if (this.source[this.i] !== ")") throw new PatternError("is not a valid regular expression (unbalanced parenthesis)");
    this.i++;
    const items = alternatives.flat();
    const chars = new CharSet();
    for (const item of items) chars.addAll(item.chars);
    const first = new CharSet();
    for (const alternative of alternatives) first.addAll(firstOf(alternative));
    return {
      min: 1,
      max: 1,
      chars,
      first,
      nullable: alternatives.some((a) => a.every((item) => item.nullable)),
      variable: items.some((item) => item.variable) || alternatives.length > 1,
      complex: alternatives.length > 1 || items.some((item) => item.max > 1 || item.complex),
      size: alternatives.reduce((n, a) => n + sizeOf(a), 0),
      alternatives,
    };
  }

  /** The characters of an escape, or null for an assertion (`\b`, `\B`). Inside a class `\b` is backspace. */
  private escape(inClass: boolean): CharSet | null {
    const next = this.source[this.i + 1];
    this.i += 2;
    switch (next) {
      case "d":
        return CharSet.range(48, 57);
      case "D":
        return DIGITS.complement();
      case "w":
        return new CharSet().addAll(WORD);
      case "W":
        return WORD.complement();
      case "s":
        return CharSet.of(9, 10, 11, 12, 13, 32).addAll(CharSet.range(128, 0x10ffff));
      case "S":
        return SPACE.complement();
      case "b":
        return inClass ? CharSet.of(8) : null;
      case "B":
        return null;
      case "n":
        return CharSet.of(10);
      case "r":
        return CharSet.of(13);
      case "t":
        return CharSet.of(9);
      case "f":
        return CharSet.of(12);
      case "v":
        return CharSet.of(11);
      case "0":
        return CharSet.of(0);
      case "x":
      case "u": {
        const hex = /^[0-9a-fA-F]+/.exec(this.source.slice(this.i, this.i + (next === "x" ? 2 : 4)))?.[0] ?? "";
        this.i += hex.length;
        return hex ? CharSet.of(parseInt(hex, 16)) : CharSet.of(next.charCodeAt(0));
      }
      case "c": {
        const letter = this.source[this.i];
        if (letter && /[A-Za-z]/.test(letter)) {
          this.i++;
          return CharSet.of(letter.charCodeAt(0) % 32);
        }
        return CharSet.of(92, 99);
      }
      case "p":
      case "P":
        // A Unicode property: anything, as far as overlap goes.
        if (this.source[this.i] === "{") this.i = this.source.indexOf("}", this.i) + 1;
        return CharSet.range(0, 0x10ffff);
      default:
        if (next === undefined) throw new PatternError("is not a valid regular expression (ends with a backslash)");
        return CharSet.of(next.codePointAt(0)!);
    }
  }

  private charClass(): CharSet {
    this.i++;
    const negated = this.source[this.i] === "^";
    if (negated) this.i++;
    const set = new CharSet();
    // As in JavaScript, `]` closes the class wherever it stands (`[]` is empty).
    while (this.i < this.source.length && this.source[this.i] !== "]") {
      const from = this.classMember();
      if (this.source[this.i] === "-" && this.source[this.i + 1] !== "]" && this.i + 1 < this.source.length && from.code !== null) {
        this.i++;
        const to = this.classMember();
        if (to.code !== null) {
          set.addAll(CharSet.range(from.code, to.code));
          continue;
        }
        set.addAll(from.set).add(45);
        set.addAll(to.set);
        continue;
      }
      set.addAll(from.set);
    }
    if (this.source[this.i] !== "]") throw new PatternError("is not a valid regular expression (unterminated character class)");
    this.i++;
    return negated ? set.complement() : set;
  }

  /** One member of a class: its characters, and its code when it is a single character (a range end). */
  private classMember(): { set: CharSet; code: number | null } {
    if (this.source[this.i] === "\\") {
      const start = this.i;
      const set = this.escape(true)!;
      const text = this.source.slice(start, this.i);
      const single = /^\\([dDwWsSpP])/.test(text) ? null : firstCode(set);
      return { set, code: single };
    }
    const code = this.source.codePointAt(this.i)!;
    this.i += code > 0xffff ? 2 : 1;
    return { set: CharSet.of(code), code };
  }

  private quantified(item: Item): Item {
    const rest = this.source.slice(this.i);
    const match = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/.exec(rest);
    if (!match) return item;
    this.i += match[0].length;
    let min: number;
    let max: number;
    if (match[1] === "*") [min, max] = [0, Infinity];
    else if (match[1] === "+") [min, max] = [1, Infinity];
    else if (match[1] === "?") [min, max] = [0, 1];
    else {
      min = Number(match[2]);
      max = match[3] === undefined ? min : match[4] === "" ? Infinity : Number(match[4]);
    }
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT))
      throw new PatternError(`must not repeat anything more than ${MAX_REPEAT} times ({n,m} with n or m above ${MAX_REPEAT})`);
    if (max > 1 && item.complex) {
      throw new PatternError(
        "must not repeat (with *, + or {n,m}) a group that itself contains a repetition or |, which can backtrack catastrophically",
      );
    }
    const copies = max === Infinity ? min + 1 : max;
    return { ...item, min, max, nullable: item.nullable || min === 0, variable: item.variable || max !== min, size: item.size * Math.max(1, copies) };
  }
}

function charItem(chars: CharSet): Item {
  return { min: 1, max: 1, chars, first: chars, nullable: false, variable: false, complex: false, size: 1 };
}

function assertion(): Item {
  return { min: 1, max: 1, chars: new CharSet(), first: new CharSet(), nullable: true, variable: false, complex: false, size: 1 };
}

function sizeOf(sequence: Sequence): number {
  return sequence.reduce((n, item) => n + item.size, 0);
}

function firstCode(set: CharSet): number | null {
  for (let c = 0; c < 128; c++) if (set.overlaps(CharSet.of(c))) return c;
  return null;
}

/** What a sequence can start with: the first sets of its items up to the first that cannot be empty. */
function firstOf(sequence: Sequence): CharSet {
  const set = new CharSet();
  for (const item of sequence) {
    set.addAll(item.first);
    if (!item.nullable) break;
  }
  return set;
}

/** The first pair of overlapping variable repetitions with only optional items between them, in any sequence. */
function ambiguity(alternatives: Sequence[]): string | null {
  for (const sequence of alternatives) {
    let open: CharSet[] = [];
    for (const item of sequence) {
      if (item.alternatives) {
        const inner = ambiguity(item.alternatives);
        if (inner) return inner;
      }
      if (item.variable && open.some((chars) => chars.overlaps(item.first))) {
        return "must not put two repetitions that can match the same characters next to each other (like \\d*\\d* or \\w+-?\\d+): each way of splitting the input is another path to try; make the parts exclusive or bounded";
      }
      if (!item.nullable) open = [];
      if (item.variable) open.push(item.chars);
    }
  }
  return null;
}
