import type { TaskSpec } from '../catalog/target.js';
import type { CallContext, CallHooks } from './context.js';
import { fetchJson } from './fetch-json.js';
import { errorResult, type ToolResult, valueResult } from './result.js';

/** Lines of the task log returned when a task fails. */
const LOG_TAIL_LINES = 20;
const POLL_START_MS = 500;
const POLL_MAX_MS = 2000;

interface TaskStatus {
  readonly status?: string;
  readonly exitstatus?: string;
  readonly [key: string]: unknown;
}

/**
 * The fields of a task id by the target's `idPattern` (`{id}` is the whole id), or
 * undefined when the text is not a task id of this target.
 */
export function taskIdFields(options: { id: string; tasks: TaskSpec }): Readonly<Record<string, string>> | undefined {
  const match = idPatternOf(options.tasks).exec(options.id);
  return match ? { ...match.groups, id: options.id } : undefined;
}

/** Compiled once per target's task spec, not on every call that returns a task id. */
const idPatterns = new WeakMap<TaskSpec, RegExp>();

function idPatternOf(tasks: TaskSpec): RegExp {
  let pattern = idPatterns.get(tasks);
  if (!pattern) idPatterns.set(tasks, (pattern = new RegExp(tasks.idPattern, 'u')));
  return pattern;
}

/** A path template with `{name}` filled from the id's fields, each value one encoded segment. */
function fillTemplate(options: { template: string; fields: Readonly<Record<string, string>> }): string {
  return options.template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) =>
    options.fields[name] === undefined ? whole : encodeURIComponent(options.fields[name]),
  );
}

/**
 * Follows an upstream task (a Proxmox UPID) at the paths its id names (the node inside it)
 * until it stops or `waitSeconds` pass. Success: the final status. Failure: an error with
 * the exit status and the end of the task log. Still running: the status so far.
 */
export async function followTask(options: {
  upid: string;
  waitSeconds: number;
  context: CallContext;
  progress?: CallHooks['progress'];
}): Promise<ToolResult> {
  const { upid, context } = options;
  const tasks = context.tasks!;
  const fields = taskIdFields({ id: upid, tasks }) ?? { id: upid };
  const fill = (template: string) => fillTemplate({ template, fields });
  const deadline = Date.now() + options.waitSeconds * 1000;
  let delay = POLL_START_MS;
  for (let round = 1; ; round += 1) {
    const status = (await fetchJson({ context, path: fill(tasks.statusPath) })) as TaskStatus;
    if (status.status === 'stopped') return finished({ upid, status, context, logPath: fill(tasks.logPath) });
    if (Date.now() + delay > deadline)
      return valueResult({
        value: {
          upid,
          ...status,
          note: `still running after ${options.waitSeconds} s; call again later for its status`,
        },
        shape: context.shape,
      });
    await options.progress?.({ progress: round, message: `task ${status.status ?? 'running'}` });
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, POLL_MAX_MS);
  }
}

async function finished(options: {
  upid: string;
  status: TaskStatus;
  context: CallContext;
  logPath: string;
}): Promise<ToolResult> {
  const { upid, status, context } = options;
  const exit = status.exitstatus ?? '';
  if (exit === 'OK' || exit.startsWith('WARNINGS'))
    return valueResult({ value: { upid, ...status }, shape: context.shape });
  const tail = await logTail({ context, logPath: options.logPath });
  return errorResult(`Task ${upid} failed: ${exit || 'unknown exit status'}\nLast log lines:\n${tail}`);
}

/** The last lines: one call learns the total line count, a second reads the end. */
async function logTail(options: { context: CallContext; logPath: string }): Promise<string> {
  const read = async (start: number, limit: number) =>
    asLog(
      await fetchJson({
        context: options.context,
        path: options.logPath,
        query: { start: String(start), limit: String(limit) },
      }),
    );
  try {
    const first = await read(0, LOG_TAIL_LINES);
    const lines =
      first.total > LOG_TAIL_LINES ? (await read(first.total - LOG_TAIL_LINES, LOG_TAIL_LINES)).lines : first.lines;
    return lines
      .slice(-LOG_TAIL_LINES)
      .map((line) => line.t ?? '')
      .join('\n');
  } catch (error) {
    return `(the task log could not be read: ${(error as Error).message})`;
  }
}

/** A log answer is `{data: [{n, t}], total}` (or a bare list when the upstream sends no total). */
function asLog(value: unknown): { lines: { t?: string }[]; total: number } {
  if (Array.isArray(value)) return { lines: value as { t?: string }[], total: value.length };
  const paged = value as { data?: { t?: string }[]; total?: number };
  const lines = paged.data ?? [];
  return { lines, total: typeof paged.total === 'number' ? paged.total : lines.length };
}
