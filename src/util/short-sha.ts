/** The 7-character form of a commit sha that GitHub and git show. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
