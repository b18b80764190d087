import { messageOf, statusOf, type GitHub, type RepoRef } from "../core/github.js";

export interface WorkflowReport {
  workflow: string;
  /** What the workflow is now, as far as the app knows. */
  state: string;
  changed: boolean;
  error?: string;
}

/**
 * Brings each workflow to the wanted state through the Actions API (a real pipeline may ignore
 * `enabled`, so disabling its workflows is what makes a stop effective). Never throws: each workflow
 * gets its own report line.
 */
export async function setWorkflowsState(
  github: GitHub,
  repo: RepoRef,
  workflows: readonly string[],
  wanted: "enabled" | "disabled",
): Promise<WorkflowReport[]> {
  return Promise.all(
    workflows.map(async (workflow): Promise<WorkflowReport> => {
      const params = { owner: repo.owner, repo: repo.repo, workflow_id: workflow };
      try {
        const { data } = await github.rest.actions.getWorkflow(params);
        const isActive = data.state === "active";
        if (wanted === "disabled" && isActive) {
          await github.rest.actions.disableWorkflow(params);
          return { workflow, state: "disabled_manually", changed: true };
        }
        if (wanted === "enabled" && data.state === "disabled_manually") {
          await github.rest.actions.enableWorkflow(params);
          return { workflow, state: "active", changed: true };
        }
        return { workflow, state: data.state, changed: false };
      } catch (error) {
        const status = statusOf(error);
        return { workflow, state: "unknown", changed: false, error: status === 404 ? "workflow not found" : messageOf(error) };
      }
    }),
  );
}

export function renderWorkflowReports(reports: readonly WorkflowReport[]): string {
  if (reports.length === 0) return "";
  const lines = reports.map((r) => {
    if (r.error) return `- \`${r.workflow}\`: ⚠️ could not be changed (${r.error})`;
    return `- \`${r.workflow}\`: ${r.state}${r.changed ? " (changed now)" : " (already)"}`;
  });
  return ["", "Workflows:", ...lines].join("\n");
}
