import { createHmac } from "node:crypto";
import { WEBHOOK_SECRET } from "./app-process.js";
import { blobSha } from "./fake-repo.js";
import type { RecordedRequest, RouteAnswer } from "./fake-github-server.js";
import { commentPayload } from "./payloads.js";
import { runPayload } from "./batch-run.js";

const REPO = "/repos/Codertocat/Hello-World";
const HTML = "https://github.com/Codertocat/Hello-World";

/** One attempt at delivering a webhook, as `GET /app/hook/deliveries` lists it, with what was sent. */
export interface DeliveryAttempt {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  event: string;
  action: string | null;
  payload: unknown;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  closed_at: string | null;
}

/**
 * A batch pipeline repository on a fake GitHub, for the built app in a child process: the control file
 * with real compare-and-swap, the batch workflow's completed runs and their jobs, issues, labels and
 * comments, and the App's webhook deliveries. Asking to redeliver a delivery re-posts its payload to
 * one of `apps` (signed, with the same `X-GitHub-Delivery`), and lists the new attempt, as GitHub does.
 */
export class FakePipeline {
  control: string;
  readonly commits: string[] = [];
  readonly runs: Record<string, unknown>[] = [];
  readonly jobs = new Map<number, Record<string, unknown>[]>();
  readonly issues: FakeIssue[] = [];
  readonly comments: { issue: number; body: string }[] = [];
  readonly labels = new Set<string>();
  readonly deliveries: DeliveryAttempt[] = [];
  /** Delivery ids the app asked to redeliver, in order. */
  readonly redeliveryRequests: number[] = [];
  /** Webhook bases (`http://127.0.0.1:port`) redeliveries go to, in turn. */
  apps: string[] = [];
  /** While set, label lookups hang this long (to stop the app between a commit and its issue). */
  holdLabelsMs = 0;
  private nextDelivery = 1000;
  private turn = 0;
  private readonly pending = new Set<Promise<void>>();

  constructor(control: string) {
    this.control = control;
  }

  /** A completed run of batch-operations.yml, `minutesAgo`, with its jobs. */
  addRun(
    id: number,
    minutesAgo: number,
    jobs: { name: string; conclusion: string; minutes: number }[],
    conclusion = "success",
  ): Record<string, unknown> {
    const completedAt = new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const run = runPayload({ id, conclusion, completedAt }).workflow_run;
    run.repository = { ...run.repository, id: 1296269 };
    run.created_at = new Date(Date.parse(completedAt) - 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    this.runs.unshift(run);
    this.runs.sort((a, b) => (b["id"] as number) - (a["id"] as number));
    const start = Date.parse(run.created_at);
    this.jobs.set(
      id,
      jobs.map((job, i) => ({
        id: id * 100 + i,
        run_id: id,
        run_attempt: 1,
        name: job.name,
        status: "completed",
        conclusion: job.conclusion,
        started_at: new Date(start).toISOString(),
        completed_at: new Date(start + job.minutes * 60_000 - 1000).toISOString(),
        labels: ["ubuntu-latest"],
        html_url: `${HTML}/actions/runs/${id}/job/${id * 100 + i}`,
      })),
    );
    return run;
  }

  /** A delivery GitHub could not make (the app was down): listed with status 0. */
  failedDelivery(event: string, payload: { action?: string } & Record<string, unknown>, minutesAgo: number): DeliveryAttempt {
    const attempt: DeliveryAttempt = {
      id: this.nextDelivery++,
      guid: `guid-${this.nextDelivery}-${event}`,
      delivered_at: new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      redelivery: false,
      status_code: 0,
      event,
      action: typeof payload.action === "string" ? payload.action : null,
      payload,
    };
    this.deliveries.push(attempt);
    return attempt;
  }

  failedComment(body: string, minutesAgo: number): DeliveryAttempt {
    return this.failedDelivery("issue_comment", commentPayload(body), minutesAgo);
  }

  /** Resolves when every redelivery made so far has been answered by the app. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Commits that applied each run id (from the `run_id:` line of the commit body). */
  runCommits(): number[] {
    return this.commits.flatMap((m) => [...m.matchAll(/^run_id: (\d+)$/gm)].map((x) => Number(x[1])));
  }

  private redeliver(original: DeliveryAttempt): void {
    const app = this.apps[this.turn++ % Math.max(1, this.apps.length)];
    const body = JSON.stringify(original.payload);
    const work = (async () => {
      let status = 0;
      try {
        const response = await fetch(`${app}/api/github/webhooks`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-github-event": original.event,
            "x-github-delivery": original.guid,
            "x-hub-signature-256": `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`,
          },
          body,
        });
        status = response.status;
        await response.text();
      } catch {
        status = 0;
      }
      this.deliveries.push({
        ...original,
        id: this.nextDelivery++,
        delivered_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        redelivery: true,
        status_code: status,
      });
    })();
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private listIssues(query: URLSearchParams): FakeIssue[] {
    const state = query.get("state") ?? "open";
    const wanted = (query.get("labels") ?? "").split(",").filter(Boolean);
    return this.issues
      .filter((i) => (state === "all" || i.state === state) && wanted.every((l) => i.labels.includes(l)))
      .sort((a, b) => b.number - a.number);
  }

  private wire(issue: FakeIssue) {
    return { ...issue, html_url: `${HTML}/issues/${issue.number}`, labels: issue.labels.map((name) => ({ name })) };
  }

  /** The route function for FakeGitHubServer. */
  readonly route = ({ method, path, body }: RecordedRequest): RouteAnswer | undefined => {
    const url = new URL(path, "http://x");
    const query = url.searchParams;
    const p = url.pathname;
    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(p))
      return { status: 201, body: { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} } };
    if (method === "GET" && p === "/app/installations") return { status: 200, body: [{ id: 2, suspended_at: null }] };
    if (method === "GET" && p === "/installation/repositories") {
      return {
        status: 200,
        body: {
          total_count: 1,
          repositories: [
            {
              id: 1296269,
              name: "Hello-World",
              full_name: "Codertocat/Hello-World",
              owner: { login: "Codertocat" },
              default_branch: "main",
              html_url: HTML,
              archived: false,
              disabled: false,
              private: false,
            },
          ],
        },
      };
    }
    if (method === "GET" && p === "/app/hook/deliveries") {
      const perPage = Number(query.get("per_page") ?? 30);
      const cursor = Number(query.get("cursor") ?? Number.MAX_SAFE_INTEGER);
      const sorted = [...this.deliveries].sort((a, b) => b.id - a.id).filter((d) => d.id < cursor);
      const page = sorted.slice(0, perPage);
      const more = sorted.length > perPage;
      const items = page.map(({ payload: _payload, ...item }) => ({
        ...item,
        duration: 0.1,
        status: item.status_code === 0 ? "failed to connect" : "OK",
        installation_id: 2,
        repository_id: 1296269,
      }));
      return {
        status: 200,
        body: items,
        ...(more ? { headers: { link: `<http://fake/api/v3/app/hook/deliveries?per_page=${perPage}&cursor=${page.at(-1)!.id}>; rel="next"` } } : {}),
      };
    }
    const attempts = /^\/app\/hook\/deliveries\/(\d+)\/attempts$/.exec(p);
    if (method === "POST" && attempts) {
      const original = this.deliveries.find((d) => d.id === Number(attempts[1]));
      if (!original) return { status: 404, body: { message: "Not Found" } };
      this.redeliveryRequests.push(original.id);
      this.redeliver(original);
      return { status: 202, body: {} };
    }
    if (p.includes("batch-ops.yml")) return { status: 404, body: { message: "Not Found" } };
    if (method === "POST" && p.endsWith("/reactions")) return { status: 201, body: {} };
    if (/\/collaborators\/[^/]+\/permission$/.test(p)) return { status: 200, body: { permission: "write", role_name: "write" } };
    if (method === "GET" && p === `${REPO}/contents/batch-control.json`) {
      return {
        status: 200,
        body: { type: "file", encoding: "base64", sha: blobSha(this.control), content: Buffer.from(this.control).toString("base64") },
      };
    }
    if (method === "PUT" && p === `${REPO}/contents/batch-control.json`) {
      const request = body as { sha: string; content: string; message: string };
      if (request.sha !== blobSha(this.control)) return { status: 409, body: { message: "batch-control.json does not match" } };
      this.control = Buffer.from(request.content, "base64").toString("utf8");
      this.commits.push(request.message);
      const sha = `c${this.commits.length}`.padEnd(40, "0");
      return { status: 200, body: { commit: { sha, html_url: `${HTML}/commit/${sha}` } } };
    }
    if (method === "GET" && p === `${REPO}/actions/workflows/batch-operations.yml/runs`) {
      const perPage = Number(query.get("per_page") ?? 30);
      const page = Number(query.get("page") ?? 1);
      return { status: 200, body: { total_count: this.runs.length, workflow_runs: this.runs.slice((page - 1) * perPage, page * perPage) } };
    }
    if (method === "GET" && p === `${REPO}/actions/workflows/batch-operations.yml`) return { status: 200, body: { id: 1, state: "active" } };
    const jobs = new RegExp(`^${REPO}/actions/runs/(\\d+)/attempts/1/jobs$`).exec(p);
    if (method === "GET" && jobs) {
      const list = this.jobs.get(Number(jobs[1])) ?? [];
      return { status: 200, body: { total_count: list.length, jobs: list } };
    }
    if (method === "GET" && p === `${REPO}/pulls`) return { status: 200, body: [] };
    const label = new RegExp(`^${REPO}/labels/(.+)$`).exec(p);
    if (method === "GET" && label) {
      const name = decodeURIComponent(label[1]!);
      const answer = this.labels.has(name) ? { status: 200, body: { name } } : { status: 404, body: { message: "Not Found" } };
      return this.holdLabelsMs > 0 ? { ...answer, delayMs: this.holdLabelsMs } : answer;
    }
    if (method === "POST" && p === `${REPO}/labels`) {
      this.labels.add((body as { name: string }).name);
      return { status: 201, body };
    }
    if (method === "GET" && p === `${REPO}/issues`) return { status: 200, body: this.listIssues(query).map((i) => this.wire(i)) };
    if (method === "POST" && p === `${REPO}/issues`) {
      const request = body as { title: string; body: string; labels: string[] };
      const issue: FakeIssue = {
        number: this.issues.length + 100,
        title: request.title,
        body: request.body,
        state: "open",
        labels: [...request.labels],
        closed_at: null,
      };
      this.issues.push(issue);
      return { status: 201, body: this.wire(issue) };
    }
    const issuePath = new RegExp(`^${REPO}/issues/(\\d+)(/comments|/labels)?$`).exec(p);
    if (issuePath) {
      const number = Number(issuePath[1]);
      const issue = this.issues.find((i) => i.number === number);
      if (method === "POST" && issuePath[2] === "/comments") {
        this.comments.push({ issue: number, body: (body as { body: string }).body });
        return { status: 201, body: { id: this.comments.length, html_url: `${HTML}/issues/${number}#issuecomment-${this.comments.length}` } };
      }
      if (!issue) return { status: 404, body: { message: "Not Found" } };
      if (method === "POST" && issuePath[2] === "/labels") {
        issue.labels.push(...(body as { labels: string[] }).labels);
        return { status: 200, body: issue.labels.map((name) => ({ name })) };
      }
      if (method === "PATCH") {
        const update = body as Partial<FakeIssue>;
        if (update.title !== undefined) issue.title = update.title;
        if (update.body !== undefined) issue.body = update.body;
        if (update.state !== undefined) {
          issue.state = update.state;
          issue.closed_at = update.state === "closed" ? new Date().toISOString() : null;
        }
        return { status: 200, body: this.wire(issue) };
      }
    }
    return undefined;
  };
}
