/** Splits an argument string on white space; "double" or 'single' quotes keep spaces together. */
export function tokenize(args: string): string[] {
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(args); match; match = pattern.exec(args)) {
    tokens.push(match[1] ?? match[2] ?? match[3]!);
  }
  return tokens;
}

/** Pulls `name=value` options out of a token list; the rest keep their order. */
export function takeOptions(tokens: readonly string[], names: readonly string[]): { options: Map<string, string>; rest: string[] } {
  const options = new Map<string, string>();
  const rest: string[] = [];
  for (const token of tokens) {
    const eq = token.indexOf("=");
    const name = eq > 0 ? token.slice(0, eq).toLowerCase() : "";
    if (names.includes(name)) options.set(name, token.slice(eq + 1));
    else rest.push(token);
  }
  return { options, rest };
}
