import { z } from "zod";

/**
 * The fields each handler reads without checking, per event. A signed delivery is still untrusted
 * input: one that lacks them (no `comment`, `repository: null`, …) is logged and ignored (2xx),
 * never a crash with a 500. Loose objects: every other field is passed through untouched.
 */
const login = z.looseObject({ login: z.string() });
const repository = z.looseObject({
  name: z.string(),
  owner: z.looseObject({ login: z.string().optional(), name: z.string().nullish() }),
  html_url: z.string(),
  default_branch: z.string().optional(),
});
const label = z.union([z.string(), z.looseObject({ name: z.string().optional() })]);

export const issueCommentShape = z.looseObject({
  action: z.string(),
  comment: z.looseObject({ id: z.number(), body: z.string().nullish(), user: login.nullable(), html_url: z.string() }),
  issue: z.looseObject({ number: z.number(), html_url: z.string() }),
  repository: repository.extend({ owner: login }),
  sender: login,
});

export const workflowRunShape = z.looseObject({
  workflow_run: z.looseObject({ id: z.number(), html_url: z.string(), path: z.string().nullish(), head_repository: z.looseObject({}).nullish() }),
  repository: repository.extend({ owner: login, id: z.number() }),
});

export const issuesShape = z.looseObject({
  issue: z.looseObject({ number: z.number(), html_url: z.string(), labels: z.array(label).nullish(), user: login.nullish() }),
  repository: repository.extend({ owner: login }),
  sender: login,
});

export const pushShape = z.looseObject({ repository });

type Handler<C> = (context: C) => Promise<void>;

/** Runs `handler` only when the payload has the shape it reads; otherwise logs and ignores the delivery. */
export function whenShaped<C extends { payload: unknown; id: string; name: string; log: { warn: (o: object, m: string) => void } }>(
  shape: z.ZodType,
  handler: Handler<C>,
): Handler<C> {
  return async (context) => {
    const checked = shape.safeParse(context.payload);
    if (!checked.success) {
      const where = checked.error.issues.slice(0, 3).map((i) => i.path.join(".") || "(payload)");
      context.log.warn({ delivery: context.id, event: context.name, missing: where }, "malformed webhook payload ignored");
      return;
    }
    await handler(context);
  };
}
