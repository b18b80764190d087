import { escapeHtml, htmlPage, type HtmlPage } from "./html.js";

export interface ListedRepository {
  fullName: string;
  private: boolean;
}

/** `/pipeline/`: the installed repositories this viewer may see, each linking to its health panel. */
export function renderIndexPage(repositories: readonly ListedRepository[], options: { query?: string; tokenAccepted: boolean }): HtmlPage {
  const query = options.query ?? "";
  const items = repositories.map((r) => {
    const [owner, repo] = r.fullName.split("/") as [string, string];
    const href = `${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/${query}`;
    return `<li><a href="${escapeHtml(href)}">${escapeHtml(r.fullName)}</a>${r.private ? ' <span class="tag muted">private</span>' : ""}</li>`;
  });
  const note = options.tokenAccepted
    ? "Private repositories are included (dashboard token accepted)."
    : "Public repositories only; private ones need the dashboard token.";
  const body = items.length === 0 ? "<p>No repository to show.</p>" : `<ul class="repos" id="repositories">${items.join("\n")}</ul>`;
  return htmlPage({
    title: "Pipeline health",
    header: `<h1>Pipeline health</h1>\n<p class="meta">${escapeHtml(note)}</p>`,
    main: `<section class="wide" aria-labelledby="repos-h"><h2 id="repos-h">Installed repositories (${repositories.length})</h2>\n${body}</section>`,
  });
}

/** The one answer for anything that is not shown: it does not say whether the repository exists. */
export function renderNotFoundPage(): HtmlPage {
  return htmlPage({
    title: "Not found",
    header: "<h1>Not found</h1>",
    main: '<section class="wide"><p>There is no pipeline health page here that you can see.</p><p><a href="/pipeline/">All pipelines</a></p></section>',
  });
}
