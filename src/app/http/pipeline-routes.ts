import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { renderHealthPage } from "../../health-page/render-html.js";
import { renderIndexPage, renderNotFoundPage } from "../../health-page/render-index.js";
import { htmlPage, escapeHtml } from "../../health-page/html.js";
import type { HealthSource } from "../../health-page/health-source.js";
import { canSee, viewerOf } from "./access.js";
import { redirect, refuseMethod, sendHtml, sendJson } from "./respond.js";

export const PIPELINE_PREFIX = "/pipeline";

// GitHub's own limits on owner and repository names; anything else cannot be a repository.
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

export interface PipelineRouteOptions {
  source: HealthSource;
  dashboardToken?: string;
  clock: () => Date;
  log?: Pick<Logger, "warn" | "error">;
}

type Route = { kind: "index" } | { kind: "repo"; owner: string; repo: string; json: boolean } | { kind: "redirect"; to: string } | { kind: "none" };

/** Which page a path asks for. Paths outside `/pipeline` are not ours (the next handler gets them). */
export function routeOf(pathname: string, search: string): Route | undefined {
  if (pathname !== PIPELINE_PREFIX && !pathname.startsWith(`${PIPELINE_PREFIX}/`)) return undefined;
  if (pathname === PIPELINE_PREFIX) return { kind: "redirect", to: `${PIPELINE_PREFIX}/${search}` };
  if (pathname === `${PIPELINE_PREFIX}/`) return { kind: "index" };
  const parts = pathname.slice(PIPELINE_PREFIX.length + 1).split("/");
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    return { kind: "none" };
  }
  const [owner, repo, rest, extra] = decoded;
  if (!owner || !repo || extra !== undefined || !OWNER.test(owner) || !REPO.test(repo) || repo === "." || repo === "..") return { kind: "none" };
  if (rest === undefined) return { kind: "redirect", to: `${PIPELINE_PREFIX}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/${search}` };
  if (rest === "") return { kind: "repo", owner, repo, json: false };
  if (rest === "health.json") return { kind: "repo", owner, repo, json: true };
  return { kind: "none" };
}

function unavailable(req: IncomingMessage, res: ServerResponse, json: boolean): true {
  const message = "GitHub could not be read just now; this page tries again within a minute.";
  if (json) return sendJson(req, res, 503, { error: message });
  return sendHtml(
    req,
    res,
    503,
    htmlPage({
      title: "Unavailable",
      header: "<h1>Temporarily unavailable</h1>",
      main: `<section class="wide"><p>${escapeHtml(message)}</p></section>`,
      refreshSeconds: 60,
    }),
  );
}

function notFound(req: IncomingMessage, res: ServerResponse, json: boolean): true {
  if (json) return sendJson(req, res, 404, { error: "not found" });
  return sendHtml(req, res, 404, renderNotFoundPage());
}

/**
 * `/pipeline/` (installed repositories the viewer may see), `/pipeline/<owner>/<repo>/` (the health
 * panel) and `/pipeline/<owner>/<repo>/health.json`. A private repository without the token answers
 * exactly like one that does not exist.
 */
export function pipelineRoutes(options: PipelineRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = routeOf(url.pathname, url.search);
    if (!route) return false;
    if (refuseMethod(req, res)) return true;
    if (route.kind === "redirect") return redirect(req, res, route.to);
    if (route.kind === "none") return notFound(req, res, false);
    const viewer = viewerOf(req, url, options.dashboardToken);
    const json = route.kind === "repo" && route.json;
    try {
      if (route.kind === "index") {
        const visible = (await options.source.repositories()).filter((r) => canSee(viewer, r));
        return sendHtml(req, res, 200, renderIndexPage(visible, { query: viewer.query, tokenAccepted: viewer.tokenAccepted }));
      }
      const installed = await options.source.find(route.owner, route.repo);
      if (!installed || !canSee(viewer, installed)) return notFound(req, res, json);
      const health = await options.source.health(installed);
      if (json) return sendJson(req, res, 200, health);
      return sendHtml(req, res, 200, renderHealthPage(health, { now: options.clock(), query: viewer.query }));
    } catch (error) {
      options.log?.error({ err: error, path: url.pathname }, "pipeline page could not be built");
      return unavailable(req, res, json);
    }
  };
}
