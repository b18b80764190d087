/** Labels of the seeding review loop, with the colour each gets when the app creates it. */
export const SEEDING_LABELS = {
  review: { name: "seeding:review", color: "fbca04", description: "A seeding source change waiting for a person's decision" },
  report: { name: "seeding:report", color: "0e8a16", description: "The seeding run digest" },
  investigate: { name: "seeding:investigate", color: "d93f0b", description: "A seeding problem that needs investigating" },
  conflict: { name: "seeding:conflict", color: "b60205", description: "The queue changed since this source change was proposed" },
  rejected: { name: "seeding:rejected", color: "cccccc", description: "A source change a reviewer rejected" },
} as const;

export type SeedingLabel = (typeof SEEDING_LABELS)[keyof typeof SEEDING_LABELS];

/** GitHub's label names ignore case (`Seeding:Review` is the label `seeding:review`): compared the same way. */
export function hasLabel(labels: readonly (string | { name?: string } | null | undefined)[] | undefined, name: string): boolean {
  const wanted = name.toLowerCase();
  return (labels ?? []).some((l) => (typeof l === "string" ? l : (l?.name ?? "")).toLowerCase() === wanted);
}
