import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpstreamRequest, UpstreamResponse } from '../src/http/types.js';
import { callOperation } from '../src/tools/call-operation.js';
import type { CallHooks } from '../src/tools/context.js';
import { followTask } from '../src/tools/task-wait.js';
import { pveContext, pveResponse, pveVmCreate, pveVmStart, upid, upstreamResponse } from './fixtures.js';

afterEach(() => {
  vi.useRealTimers();
});

const TASK = upid('pve2', 'qmstart', '100');
const STATUS_PATH = `/api2/json/nodes/pve2/tasks/${encodeURIComponent(TASK)}/status`;
const LOG_PATH = `/api2/json/nodes/pve2/tasks/${encodeURIComponent(TASK)}/log`;

function status(state: 'running' | 'stopped', exitstatus?: string): Record<string, unknown> {
  return {
    upid: TASK,
    node: 'pve2',
    pid: 127651,
    type: 'qmstart',
    id: '100',
    user: 'root@pam',
    status: state,
    ...(exitstatus ? { exitstatus } : {}),
  };
}

function logLines(count: number) {
  return Array.from({ length: count }, (_unused, index) => ({ n: index + 1, t: `line ${index + 1}` }));
}

/** A task log as Proxmox pages it: `start`/`limit` pick the lines, `total` counts them all. */
function pagedLog(lines: readonly { n: number; t: string }[]) {
  return (request: UpstreamRequest): UpstreamResponse => {
    const start = Number(request.url.searchParams.get('start') ?? '0');
    const limit = Number(request.url.searchParams.get('limit') ?? '50');
    return pveResponse(lines.slice(start, start + limit), { total: lines.length });
  };
}

/** A PVE-like upstream: the start call answers the UPID, status polls walk through `statuses`, the log is `log`. */
function upstream(options: {
  statuses: Record<string, unknown>[];
  log?: UpstreamResponse | ((request: UpstreamRequest) => UpstreamResponse);
  start?: UpstreamResponse;
}) {
  let polls = 0;
  const pollTimes: number[] = [];
  const reply = (request: UpstreamRequest): UpstreamResponse => {
    if (request.url.pathname === STATUS_PATH) {
      pollTimes.push(Date.now());
      const next = options.statuses[Math.min(polls, options.statuses.length - 1)]!;
      polls += 1;
      return pveResponse(next);
    }
    if (request.url.pathname === LOG_PATH) {
      if (typeof options.log === 'function') return options.log(request);
      return options.log ?? pveResponse(logLines(3), { total: 3 });
    }
    return options.start ?? pveResponse(TASK);
  };
  return { reply, pollTimes, polls: () => polls };
}

describe('followTask', () => {
  it('polls until the task stops and returns its final status', async () => {
    const fake = upstream({ statuses: [status('running'), status('stopped', 'OK')] });
    const { context, sent } = pveContext({ reply: fake.reply });
    const progress: { progress: number; message: string }[] = [];
    const hooks: CallHooks = { progress: async (update) => void progress.push(update) };
    const result = await followTask({ upid: TASK, waitSeconds: 10, context, progress: hooks.progress! });
    expect(result).toEqual({
      content: [{ type: 'text', text: JSON.stringify({ upid: TASK, ...status('stopped', 'OK') }) }],
      structuredContent: { upid: TASK, ...status('stopped', 'OK') },
    });
    expect(sent.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      `GET ${STATUS_PATH}`,
      `GET ${STATUS_PATH}`,
    ]);
    expect(progress).toEqual([{ progress: 1, message: 'task running' }]);
  });

  it('polls the node named inside the UPID, with the UPID percent-encoded as one path segment', async () => {
    const fake = upstream({ statuses: [status('stopped', 'OK')] });
    const { context, sent } = pveContext({ reply: fake.reply });
    await followTask({ upid: TASK, waitSeconds: 10, context });
    expect(sent[0]?.url.href).toBe(
      'https://pve.example.com:8006/api2/json/nodes/pve2/tasks/UPID%3Apve2%3A0001F2A3%3A00B1C2D3%3A6650A1B2%3Aqmstart%3A100%3Aroot%40pam%3A/status',
    );
    expect(sent[0]?.headers).toEqual({
      accept: 'application/json',
      authorization: expect.stringMatching(/^PVEAPIToken=/),
    });
  });

  it('treats a stop with warnings as success', async () => {
    const fake = upstream({ statuses: [status('stopped', 'WARNINGS: 2')] });
    const { context, sent } = pveContext({ reply: fake.reply });
    const result = await followTask({ upid: TASK, waitSeconds: 10, context });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toMatchObject({ status: 'stopped', exitstatus: 'WARNINGS: 2' });
    expect(sent).toHaveLength(1);
  });

  it('returns an error with the exit status and the last 20 log lines when the task failed', async () => {
    const fake = upstream({
      statuses: [status('stopped', "command 'qm start 100' failed: exit code 1")],
      log: pagedLog(logLines(30)),
    });
    const { context, sent } = pveContext({ reply: fake.reply });
    const result = await followTask({ upid: TASK, waitSeconds: 10, context });
    expect(result.isError).toBe(true);
    const expectedTail = Array.from({ length: 20 }, (_unused, index) => `line ${index + 11}`).join('\n');
    expect(result.content[0]?.text).toBe(
      `Task ${TASK} failed: command 'qm start 100' failed: exit code 1\nLast log lines:\n${expectedTail}`,
    );
    // One read learns the total (30), a second reads the last 20 lines.
    expect(sent.map((request) => request.url.pathname)).toEqual([STATUS_PATH, LOG_PATH, LOG_PATH]);
    expect(sent.slice(1).map((request) => request.url.search)).toEqual(['?start=0&limit=20', '?start=10&limit=20']);
  });

  it('reads a log of at most 20 lines with a single call', async () => {
    const fake = upstream({ statuses: [status('stopped', 'ERROR')], log: pagedLog(logLines(20)) });
    const { context, sent } = pveContext({ reply: fake.reply });
    const result = await followTask({ upid: TASK, waitSeconds: 10, context });
    const expectedTail = Array.from({ length: 20 }, (_unused, index) => `line ${index + 1}`).join('\n');
    expect(result.content[0]?.text).toBe(`Task ${TASK} failed: ERROR\nLast log lines:\n${expectedTail}`);
    expect(sent.slice(1).map((request) => request.url.search)).toEqual(['?start=0&limit=20']);
  });

  // Fixed in 73229ee: the log used to be read with start=0&limit=5000 and its last 20 lines returned, so a log
  // longer than 5000 lines (a long migration) never showed its real end. Now: start=0&limit=20, then start=total-20.
  it('returns the real end of a task log longer than 5000 lines', async () => {
    const fake = upstream({ statuses: [status('stopped', 'migration aborted')], log: pagedLog(logLines(6000)) });
    const { context, sent } = pveContext({ reply: fake.reply });
    const result = await followTask({ upid: TASK, waitSeconds: 10, context });
    const expectedTail = Array.from({ length: 20 }, (_unused, index) => `line ${index + 5981}`).join('\n');
    expect(result.content[0]?.text).toBe(`Task ${TASK} failed: migration aborted\nLast log lines:\n${expectedTail}`);
    expect(sent.slice(1).map((request) => request.url.search)).toEqual(['?start=0&limit=20', '?start=5980&limit=20']);
  });

  it('reads a log that comes as a bare array too', async () => {
    const fake = upstream({
      statuses: [status('stopped', 'ERROR')],
      log: upstreamResponse({ body: JSON.stringify([{ n: 1, t: 'only line' }]) }),
    });
    const { context } = pveContext({ reply: fake.reply });
    const result = await followTask({ upid: TASK, waitSeconds: 10, context });
    expect(result.content[0]?.text).toBe(`Task ${TASK} failed: ERROR\nLast log lines:\nonly line`);
  });

  it('says "unknown exit status" when a stopped task has none', async () => {
    const fake = upstream({ statuses: [status('stopped')] });
    const { context } = pveContext({ reply: fake.reply });
    const result = await followTask({ upid: TASK, waitSeconds: 10, context });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(
      new RegExp(
        `^Task ${TASK.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} failed: unknown exit status\\nLast log lines:\\n`,
      ),
    );
  });

  it('still reports the failure when the log cannot be read', async () => {
    const fake = upstream({
      statuses: [status('stopped', 'unexpected status')],
      log: upstreamResponse({
        status: 403,
        statusText: 'Permission check failed (/nodes/pve2, Sys.Audit)',
        body: '{"data":null}',
      }),
    });
    const { context } = pveContext({ reply: fake.reply });
    const result = await followTask({ upid: TASK, waitSeconds: 10, context });
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toBe(
      `Task ${TASK} failed: unexpected status\nLast log lines:\n(the task log could not be read: HTTP 403 Permission check failed (/nodes/pve2, Sys.Audit) from GET ${LOG_PATH}: {"data":null})`,
    );
  });

  it('returns the status so far, not an error, when the wait runs out', async () => {
    const fake = upstream({ statuses: [status('running')] });
    const { context, sent } = pveContext({ reply: fake.reply });
    const result = await followTask({ upid: TASK, waitSeconds: 0.2, context });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({
      ...status('running'),
      note: 'still running after 0.2 s; call again later for its status',
    });
    expect(sent).toHaveLength(1);
  });

  it('backs off from 0.5 s to at most 2 s between polls and stops polling at the deadline', async () => {
    vi.useFakeTimers();
    const fake = upstream({ statuses: [status('running')] });
    const { context } = pveContext({ reply: fake.reply });
    const start = Date.now();
    const pending = followTask({ upid: TASK, waitSeconds: 8, context });
    await vi.advanceTimersByTimeAsync(20_000);
    const result = await pending;
    expect(fake.pollTimes.map((time) => time - start)).toEqual([0, 500, 1500, 3500, 5500, 7500]);
    expect(result.structuredContent).toMatchObject({
      status: 'running',
      note: 'still running after 8 s; call again later for its status',
    });
  });

  it('lets a failed status poll surface as an error with the status note', async () => {
    const { context } = pveContext({
      reply: () => upstreamResponse({ status: 595, statusText: 'Connection refused', body: '' }),
    });
    await expect(followTask({ upid: TASK, waitSeconds: 10, context })).rejects.toThrow(
      `HTTP 595 Connection refused from GET ${STATUS_PATH} (the Proxmox node that should run this request could not be reached (proxied request, connect failed; the node may be offline))`,
    );
  });
});

describe('callOperation with a task-starting tool', () => {
  it('returns the UPID at once when wait is absent or 0', async () => {
    const fake = upstream({ statuses: [status('stopped', 'OK')] });
    const { context, sent } = pveContext({ reply: fake.reply });
    const first = await callOperation({ tool: pveVmStart, args: { node: 'pve2', vmid: 100 }, context });
    const second = await callOperation({ tool: pveVmStart, args: { node: 'pve2', vmid: 100, wait: 0 }, context });
    for (const result of [first, second])
      expect(result).toEqual({
        content: [{ type: 'text', text: JSON.stringify(TASK) }],
        structuredContent: { result: TASK },
      });
    expect(fake.polls()).toBe(0);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.body).toBeUndefined();
  });

  it('follows the task when wait is set, without sending wait upstream', async () => {
    const fake = upstream({ statuses: [status('running'), status('stopped', 'OK')] });
    const { context, sent } = pveContext({ reply: fake.reply });
    const progress: string[] = [];
    const result = await callOperation({
      tool: pveVmStart,
      args: { node: 'pve2', vmid: 100, skiplock: true, wait: 30 },
      context,
      hooks: { progress: async ({ message }) => void progress.push(message) },
    });
    expect(result.structuredContent).toEqual({ upid: TASK, ...status('stopped', 'OK') });
    expect(sent.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      'POST /api2/json/nodes/pve2/qemu/100/status/start',
      `GET ${STATUS_PATH}`,
      `GET ${STATUS_PATH}`,
    ]);
    expect(JSON.parse(sent[0]!.body!.toString())).toEqual({ skiplock: 1 });
    expect(progress).toEqual(['task running']);
  });

  it('follows the node of the UPID even when the call named another node', async () => {
    const fake = upstream({ statuses: [status('stopped', 'OK')] });
    const { context, sent } = pveContext({ reply: fake.reply });
    await callOperation({ tool: pveVmCreate, args: { node: 'pve1', vmid: 100, wait: 5 }, context });
    expect(sent.map((request) => request.url.pathname)).toEqual(['/api2/json/nodes/pve1/qemu', STATUS_PATH]);
  });

  it('returns a failed task as an error result with the log tail', async () => {
    const fake = upstream({
      statuses: [status('stopped', 'start failed: QEMU exited with code 1')],
      log: pveResponse(logLines(2), { total: 2 }),
    });
    const { context } = pveContext({ reply: fake.reply });
    const result = await callOperation({ tool: pveVmStart, args: { node: 'pve2', vmid: 100, wait: 30 }, context });
    expect(result).toEqual({
      content: [
        {
          type: 'text',
          text: `Task ${TASK} failed: start failed: QEMU exited with code 1\nLast log lines:\nline 1\nline 2`,
        },
      ],
      isError: true,
    });
  });

  it('does not follow when the answer is not a UPID, is an error, or the context has no task paths', async () => {
    const notUpid = pveContext({ reply: () => pveResponse(null) });
    expect(
      (await callOperation({ tool: pveVmStart, args: { node: 'pve2', vmid: 1, wait: 5 }, context: notUpid.context }))
        .structuredContent,
    ).toEqual({ result: null });
    expect(notUpid.sent).toHaveLength(1);

    const failing = pveContext({
      reply: () => upstreamResponse({ status: 500, statusText: 'VM 1 already running', body: '{"data":null}' }),
    });
    const failed = await callOperation({
      tool: pveVmStart,
      args: { node: 'pve2', vmid: 1, wait: 5 },
      context: failing.context,
    });
    expect(failed.content[0]?.text).toBe(
      'HTTP 500 VM 1 already running from POST /api2/json/nodes/pve2/qemu/1/status/start: {"data":null}',
    );
    expect(failing.sent).toHaveLength(1);

    const withoutTasks = pveContext({ reply: () => pveResponse(TASK) });
    const { tasks: _tasks, ...context } = withoutTasks.context;
    expect(
      (await callOperation({ tool: pveVmStart, args: { node: 'pve2', vmid: 1, wait: 5 }, context })).structuredContent,
    ).toEqual({ result: TASK });
    expect(withoutTasks.sent).toHaveLength(1);
  });
});

describe('task id forms from the target file', () => {
  it('fills the status path from the id pattern of the target (named groups and {id})', async () => {
    const id = 'TASK/eu-1/42';
    const tasks = {
      idPattern: '^TASK/(?<region>[a-z0-9-]+)/(?<seq>\\d+)$',
      statusPath: '/regions/{region}/tasks/{seq}/status',
      logPath: '/tasks/{id}/log',
    };
    const { context, sent } = pveContext({ reply: () => pveResponse({ status: 'stopped', exitstatus: 'OK' }) });
    const result = await followTask({ upid: id, waitSeconds: 5, context: { ...context, tasks } });
    expect(result.isError).toBeUndefined();
    expect(sent.map((request) => request.url.pathname)).toEqual(['/api2/json/regions/eu-1/tasks/42/status']);
  });

  it('does not follow an answer that is not a task id of this target', async () => {
    const tasks = { idPattern: '^TASK/', statusPath: '/tasks/{id}/status', logPath: '/tasks/{id}/log' };
    const { context, sent } = pveContext({ reply: () => pveResponse(TASK) });
    const result = await callOperation({
      tool: pveVmStart,
      args: { node: 'pve2', vmid: 100, wait: 5 },
      context: { ...context, tasks },
    });
    expect(result.structuredContent).toEqual({ result: TASK });
    expect(sent).toHaveLength(1);
  });
});
