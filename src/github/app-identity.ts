import type { Probot } from "probot";

/** Who this GitHub App is: issues it opens are authored by `<slug>[bot]` and carry its id. */
export interface AppIdentity {
  id: number;
  slug: string;
}

export type AppIdentityResolver = () => Promise<AppIdentity>;

interface Actor {
  login?: string;
  type?: string;
}

export function botLogin(identity: AppIdentity): string {
  return `${identity.slug}[bot]`;
}

/** The user is this app's bot account. */
export function isThisApp(user: Actor | null | undefined, identity: AppIdentity): boolean {
  return !!user && user.type === "Bot" && user.login === botLogin(identity);
}

/** The issue was opened by this app (its bot account, or an issue the API says the app performed). */
export function isOpenedByThisApp(
  issue: { user?: Actor | null; performed_via_github_app?: { id?: number | null } | null },
  identity: AppIdentity,
): boolean {
  return isThisApp(issue.user, identity) || (issue.performed_via_github_app?.id ?? undefined) === identity.id;
}

/**
 * Asks GitHub once (`GET /app`, app-authenticated) and remembers the answer; a failure is not
 * remembered, so the next event asks again.
 */
export function appIdentityFrom(app: Pick<Probot, "auth">): AppIdentityResolver {
  let known: Promise<AppIdentity> | undefined;
  return () => {
    known ??= (async () => {
      const octokit = await app.auth();
      const { data } = await octokit.rest.apps.getAuthenticated();
      if (!data || typeof data.id !== "number" || typeof data.slug !== "string") throw new Error("GET /app did not say who this app is");
      return { id: data.id, slug: data.slug };
    })().catch((error: unknown) => {
      known = undefined;
      throw error;
    });
    return known;
  };
}
