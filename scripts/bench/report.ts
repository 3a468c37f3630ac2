import os from 'node:os';
import { median } from './stats.js';
import { floorFor, type Measured, type ReportInput, summariseHttp } from './measured.js';
import type { Subject } from './subjects.js';
import { Notes, grouped, mib, ms, renderTable, seconds, signed } from './table.js';
import { renderTargets } from './targets.js';
import { tokenizerLabel } from './tokens.js';

export function renderReport(input: ReportInput): string {
  const notes = new Notes();
  const header = [
    'subject',
    'generation',
    `cold start to tools/list, median of ${input.runs} (ms)`,
    'x node -e 0 (same env)',
    'tools',
    'tools/list bytes',
    `tools/list tokens (${tokenizerLabel()})`,
    `tool-call overhead vs direct GET, p50 / p99 (ms, ${input.calls} sequential calls)`,
    `HTTP calls/s at concurrency ${input.concurrency} (median of the runs: ${input.httpRounds} for rows the targets judge, else 1)`,
    'peak RSS (VmHWM) MiB: stdio / HTTP',
  ];
  const directP50 = input.measured.flatMap((row) => (row.session?.directMs ? [row.session.directMs.p50] : []));
  const directP99 = input.measured.flatMap((row) => (row.session?.directMs ? [row.session.directMs.p99] : []));
  const rows: string[][] = [
    ['node -e 0 (floor: PATH and HOME only, like every row)', '', ms(input.floorMs), '1.00', '', '', '', '', '', ''],
    ...(input.caFloorMs === undefined
      ? []
      : [[`node -e 0, NODE_EXTRA_CA_CERTS=${input.caFile}`, '', ms(input.caFloorMs), '1.00', '', '', '', '', '', '']]),
    [
      'direct GET to the mock upstream (baseline)',
      '',
      '',
      '',
      '',
      '',
      '',
      `${ms(median(directP50), 2)} / ${ms(median(directP99), 2)} absolute ${notes.ref('Median over the rows of the direct GET timed alongside each row; each row\'s overhead is its own "through the server" percentile minus its own direct percentile (same path, same mock, interleaved call by call).')}`,
      '',
      '',
    ],
  ];
  for (const row of input.measured) rows.push(renderRow({ row, input, notes }));

  const environment =
    'Environment: every process this table times (the node -e 0 floor included) was started with PATH and HOME only, plus the variables its row names; ' +
    `NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? `(set to ${process.env.NODE_EXTRA_CA_CERTS} for the bench itself)` : '(not set for the bench itself)'} reaches only the rows that name it, whose ratio is to the floor started the same way.`;
  const lines = [
    `pnpm bench: ${new Date().toISOString()}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${input.versions.node}; ` +
      `peers: openapi-mcp-generator ${input.versions.openapiMcpGenerator}, @ivotoby/openapi-mcp-server ${input.versions.ivotoby}; run took ${seconds(input.totalMs)}`,
    `Machine load (1-min load average) at start ${input.loadAverage.start.toFixed(1)}, at end ${input.loadAverage.end.toFixed(1)}` +
      (Math.max(input.loadAverage.start, input.loadAverage.end) > os.cpus().length / 2
        ? ': other work was running, so absolute times (p99 most) are inflated; compare rows within this run.'
        : '.'),
    environment,
    '',
    renderTable(header, rows),
    '',
    'Targets (issue 15):',
    '',
    renderTargets(input),
    '',
    'Method: cold start = spawn to the complete tools/list answer on stdio (initialize, initialized, tools/list piped at once). ' +
      'tools/list bytes and tokens = the compact JSON of the tools/list result. Overhead = one stdio session per row calling one read tool ' +
      '(Portainer: GET /endpoints/{id} with id 1; PVE: GET /version) against a 127.0.0.1 mock that answers every GET with a small JSON body. ' +
      `HTTP calls/s = ${input.loadCalls} tools/call of that tool on one MCP session (after 100 warm-up calls), ${input.concurrency} in flight, keep-alive node:http client, the same driver for every row; ` +
      `each HTTP row the targets judge (ours default and ALL, the peers) ran ${input.httpRounds} times with a fresh server, interleaved with the other rows (round 1 of every row, then round 2, ...), the other rows once: calls/s, p50 and p99 are medians of the runs. ` +
      'Peak RSS = VmHWM from /proc/<pid>/status at the end of the stdio session / of the HTTP load run (the highest of the runs).',
    ...input.omgNotes.map((note) => `openapi-mcp-generator ${input.versions.openapiMcpGenerator}: ${note}.`),
  ];
  const rendered = notes.render();
  if (rendered) lines.push('', 'Notes:', rendered);
  return lines.join('\n');
}

function renderRow(options: { row: Measured; input: ReportInput; notes: Notes }): string[] {
  const { row, input, notes } = options;
  const { subject, session } = row;
  const generation = renderGeneration(subject, notes);
  if (subject.unavailable) {
    const ref = notes.ref(`${subject.label}: not measured: ${subject.unavailable}`);
    return [subject.label, generation, `n/a ${ref}`, '', '', '', '', '', '', ''];
  }
  const cold = row.coldStarts.length > 0 ? median(row.coldStarts) : Number.NaN;
  const coldCell = row.coldError
    ? `n/a ${notes.ref(`${subject.label}: cold start failed: ${row.coldError}`)}`
    : ms(cold);
  const ratio = row.coldError ? '' : (cold / floorFor(row, input)).toFixed(2);

  let tools = '';
  let bytes = '';
  let tokens = '';
  let overhead = '';
  if (!session || (session.problem && session.tools === 0)) {
    overhead = `n/a ${notes.ref(`${subject.label}: stdio session failed: ${session?.problem ?? 'not run'}`)}`;
  } else {
    const duplicates = session.duplicateNames;
    tools =
      String(session.tools) +
      (duplicates.length > 0
        ? ` ${notes.ref(`${subject.label}: ${duplicates.length} tool name(s) listed more than once (${duplicates.slice(0, 5).join(', ')}); a client can reach only one tool per name.`)}`
        : '');
    bytes = grouped(session.listBytes);
    tokens = grouped(session.listTokens);
    if (session.viaMs && session.directMs) {
      overhead = `${signed(session.viaMs.p50 - session.directMs.p50)} / ${signed(session.viaMs.p99 - session.directMs.p99)}`;
      const remarks: string[] = [];
      if (session.calls < input.calls)
        remarks.push(`only ${session.calls} of ${input.calls} calls fitted in the time limit`);
      if (session.failedCalls > 0)
        remarks.push(`${session.failedCalls} of ${session.calls} calls failed (${session.firstFailure ?? ''})`);
      if (session.upstreamPath && session.upstreamPath !== subject.expectedUpstreamPath)
        remarks.push(
          `the call reached the upstream as GET ${session.upstreamPath} (expected ${subject.expectedUpstreamPath}): timed as is`,
        );
      if (remarks.length > 0)
        overhead += ` ${notes.ref(`${subject.label} (${session.call?.name}): ${remarks.join('; ')}.`)}`;
    } else {
      overhead = `n/a ${notes.ref(`${subject.label}: ${session.problem ?? 'no call measured'}${session.firstFailure && session.firstFailure !== session.problem ? ` (${session.firstFailure})` : ''}`)}`;
    }
  }

  const httpCell = renderHttp({ row, notes });
  const httpPeak = summariseHttp(row.http)?.peakRss;
  const memory = `${mib(session?.peakRss)} / ${mib(httpPeak)}`;
  return [subject.label, generation, coldCell, ratio, tools, bytes, tokens, overhead, httpCell, memory];
}

function renderGeneration(subject: Subject, notes: Notes): string {
  const { generation } = subject;
  if ('na' in generation) return generation.na;
  if ('failed' in generation) return `failed ${notes.ref(`${subject.label}: ${generation.failed}`)}`;
  return `${seconds(generation.milliseconds)}${generation.detail ? ` (${generation.detail})` : ''}`;
}

function renderHttp(options: { row: Measured; notes: Notes }): string {
  const { row, notes } = options;
  const summary = summariseHttp(row.http);
  if (!summary) return `n/a ${notes.ref(`${row.subject.label}: ${row.httpUnavailable ?? 'not run'}`)}`;
  const detail =
    `${row.subject.label}: ${summary.runs} runs, ${summary.completed}/${summary.planned} calls, p50 ${ms(summary.p50)} / p99 ${ms(summary.p99)} ms, ` +
    `server CPU ${summary.cpuMsPerCall === undefined ? 'n/a' : ms(summary.cpuMsPerCall, 3)} ms per call, ` +
    `${summary.protocolErrors} protocol errors, ${summary.toolErrors} tool errors, ${summary.transport}${summary.timedOut ? ', time limit hit' : ''}` +
    `${summary.firstError ? `; first error: ${summary.firstError}` : ''}${row.httpUnavailable ? `; a run could not start: ${row.httpUnavailable}` : ''}.`;
  return `${summary.callsPerSecond.toFixed(0)} ${notes.ref(detail)}`;
}
