import os from 'node:os';
import type { OurLoadOutcome } from './load-hook.js';
import type { SessionFigures } from './overhead.js';
import { median } from './stats.js';
import type { Subject } from './subjects.js';
import { Notes, grouped, mib, ms, renderTable, seconds, signed } from './table.js';
import type { ThroughputOutcome } from './throughput.js';
import { tokenizerLabel } from './tokens.js';

/** Everything measured for one subject (filled in as the bench goes). */
export interface Measured {
  readonly subject: Subject;
  readonly coldStarts: number[];
  coldError?: string;
  session?: SessionFigures;
  /** The bench's own HTTP load driver (every subject with an HTTP mode). */
  http?: ThroughputOutcome;
  /** scripts/bench/load.ts `runLoadTest` (our Portainer rows). */
  load?: OurLoadOutcome;
}

export interface ReportInput {
  readonly measured: readonly Measured[];
  readonly floorMs: number;
  readonly runs: number;
  readonly calls: number;
  readonly loadCalls: number;
  readonly concurrency: number;
  readonly versions: { readonly node: string; readonly openapiMcpGenerator: string; readonly ivotoby: string };
  readonly omgNotes: readonly string[];
  readonly totalMs: number;
  /** 1-minute load average when the bench started and when it ended. */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

export function renderReport(input: ReportInput): string {
  const notes = new Notes();
  const header = [
    'subject',
    'generation',
    `cold start to tools/list, median of ${input.runs} (ms)`,
    'x node -e 0',
    'tools',
    'tools/list bytes',
    `tools/list tokens (${tokenizerLabel()})`,
    `tool-call overhead vs direct GET, p50 / p99 (ms, ${input.calls} sequential calls)`,
    `HTTP calls/s at concurrency ${input.concurrency} (our Portainer rows: runLoadTest)`,
    'peak RSS (VmHWM) MiB: stdio / HTTP',
  ];
  const directP50 = input.measured.flatMap((row) => (row.session?.directMs ? [row.session.directMs.p50] : []));
  const directP99 = input.measured.flatMap((row) => (row.session?.directMs ? [row.session.directMs.p99] : []));
  const rows: string[][] = [
    ['node -e 0 (floor)', '', ms(input.floorMs), '1.00', '', '', '', '', '', ''],
    ['direct GET to the mock upstream (baseline)', '', '', '', '', '', '', `${ms(median(directP50), 2)} / ${ms(median(directP99), 2)} absolute ${notes.ref('Median over the rows of the direct GET timed alongside each row; each row\'s overhead is its own "through the server" percentile minus its own direct percentile (same path, same mock, interleaved call by call).')}`, '', ''],
  ];
  for (const row of input.measured) rows.push(renderRow({ row, input, notes }));

  const lines = [
    `pnpm bench: ${new Date().toISOString()}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${input.versions.node}; ` +
      `peers: openapi-mcp-generator ${input.versions.openapiMcpGenerator}, @ivotoby/openapi-mcp-server ${input.versions.ivotoby}; run took ${seconds(input.totalMs)}`,
    `Machine load (1-min load average) at start ${input.loadAverage.start.toFixed(1)}, at end ${input.loadAverage.end.toFixed(1)}` +
      (Math.max(input.loadAverage.start, input.loadAverage.end) > os.cpus().length / 2 ? ': other work was running, so absolute times (p99 most) are inflated; compare rows within this run.' : '.'),
    '',
    renderTable(header, rows),
    '',
    'Method: cold start = spawn to the complete tools/list answer on stdio (initialize, initialized, tools/list piped at once). ' +
      'tools/list bytes and tokens = the compact JSON of the tools/list result. Overhead = one stdio session per row calling one read tool ' +
      '(Portainer: GET /endpoints/{id} with id 1; PVE: GET /version) against a 127.0.0.1 mock that answers every GET with a small JSON body. ' +
      `HTTP calls/s = ${input.loadCalls} tools/call of that tool on one MCP session (after 100 warm-up calls), ${input.concurrency} in flight, keep-alive node:http client; ` +
      'peak RSS = VmHWM from /proc/<pid>/status at the end of the stdio session / of the HTTP load run.',
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
  const coldCell = row.coldError ? `n/a ${notes.ref(`${subject.label}: cold start failed: ${row.coldError}`)}` : ms(cold);
  const ratio = row.coldError ? '' : (cold / input.floorMs).toFixed(2);

  let tools = '';
  let bytes = '';
  let tokens = '';
  let overhead = '';
  if (!session || (session.problem && session.tools === 0)) {
    overhead = `n/a ${notes.ref(`${subject.label}: stdio session failed: ${session?.problem ?? 'not run'}`)}`;
  } else {
    const duplicates = session.duplicateNames;
    tools = String(session.tools) + (duplicates.length > 0 ? ` ${notes.ref(`${subject.label}: ${duplicates.length} tool name(s) listed more than once (${duplicates.slice(0, 5).join(', ')}); a client can reach only one tool per name.`)}` : '');
    bytes = grouped(session.listBytes);
    tokens = grouped(session.listTokens);
    if (session.viaMs && session.directMs) {
      overhead = `${signed(session.viaMs.p50 - session.directMs.p50)} / ${signed(session.viaMs.p99 - session.directMs.p99)}`;
      const remarks: string[] = [];
      if (session.calls < input.calls) remarks.push(`only ${session.calls} of ${input.calls} calls fitted in the time limit`);
      if (session.failedCalls > 0) remarks.push(`${session.failedCalls} of ${session.calls} calls failed (${session.firstFailure ?? ''})`);
      if (session.upstreamPath && session.upstreamPath !== subject.expectedUpstreamPath) remarks.push(`the call reached the upstream as GET ${session.upstreamPath} (expected ${subject.expectedUpstreamPath}): timed as is`);
      if (remarks.length > 0) overhead += ` ${notes.ref(`${subject.label} (${session.call?.name}): ${remarks.join('; ')}.`)}`;
    } else {
      overhead = `n/a ${notes.ref(`${subject.label}: ${session.problem ?? 'no call measured'}${session.firstFailure && session.firstFailure !== session.problem ? ` (${session.firstFailure})` : ''}`)}`;
    }
  }

  const httpCell = renderHttp({ row, notes });
  const httpPeak = row.http && !('unavailable' in row.http) ? row.http.peakRss : undefined;
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
  const { subject, http, load } = row;
  const generic = http && !('unavailable' in http) ? http : undefined;
  const genericText = generic
    ? `${generic.callsPerSecond.toFixed(0)} calls/s (${generic.completed}/${generic.planned} calls, p50 ${ms(generic.p50)} / p99 ${ms(generic.p99)} ms, ${generic.protocolErrors} protocol errors, ${generic.toolErrors} tool errors, ${generic.transport}${generic.timedOut ? ', time limit hit' : ''}${generic.firstError ? `; first error: ${generic.firstError}` : ''})`
    : `n/a: ${http && 'unavailable' in http ? http.unavailable : 'not run'}`;
  if (subject.loadTestProfile) {
    if (load && !('unavailable' in load)) {
      const detail =
        `${subject.label}: runLoadTest (scripts/bench/load.ts; its own echo upstream, stateless HTTP, gate token${subject.loadTestProfile === 'default' ? '; started through a two-line wrapper that unsets the PORTAINER_PROFILES=ALL runLoadTest sets' : ''}): ${load.completed}/${load.planned} calls, ` +
        `p50 ${ms(load.p50)} / p99 ${ms(load.p99)} ms, protocol errors ${load.protocolErrors}, crossed responses ${load.crossedResponses}, tool errors ${load.toolErrors}` +
        `${load.timedOut ? ', time limit hit' : ''}, RSS after warm-up ${mib(load.rssBeforeBytes)} MiB -> after ${mib(load.rssAfterBytes)} MiB (VmHWM ${mib(load.peakRss)} MiB). ` +
        `Same server with the bench's generic driver (the one used for the other rows): ${genericText}.`;
      return `${load.callsPerSecond.toFixed(0)} ${notes.ref(detail)}`;
    }
    const why = load && 'unavailable' in load ? load.unavailable : 'not run';
    // HOOK: without scripts/bench/load.ts the generic driver's figure stands in.
    const detail = `${subject.label}: runLoadTest unavailable (${why}); figure from the bench's generic driver: ${genericText}.`;
    return `${generic ? generic.callsPerSecond.toFixed(0) : 'n/a'} ${notes.ref(detail)}`;
  }
  if (!generic) return `n/a ${notes.ref(`${subject.label}: ${genericText.replace(/^n\/a: /, '')}`)}`;
  return `${generic.callsPerSecond.toFixed(0)} ${notes.ref(`${subject.label}: ${genericText}.`)}`;
}
