import { median } from './stats.js';
import { floorFor, type Measured, type ReportInput, summariseHttp } from './measured.js';
import { mib, ms, renderTable } from './table.js';

/**
 * The targets of issue 15, each printed beside the figure it judges, all figures from
 * this run (ratios of rows measured alike, so a busy machine moves both sides).
 */
const TARGET = {
  coldRatio: 2,
  httpVsBestPeer: 1.5,
  allVsDefault: 0.9,
  peakRssMiB: 120,
  overheadP50Ms: 0.3,
} as const;

interface TargetRow {
  readonly figure: string;
  readonly measured: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

export function renderTargets(input: ReportInput): string {
  const rows = targetRows(input);
  const verdict = (met: boolean | undefined) => (met === undefined ? 'n/a' : met ? 'yes' : 'NO');
  return renderTable(
    ['figure', 'measured', 'target', 'met'],
    rows.map((row) => [row.figure, row.measured, row.target, verdict(row.met)]),
  );
}

function targetRows(input: ReportInput): TargetRow[] {
  const byRole = (role: 'default' | 'all') => input.measured.find((row) => row.subject.role === role);
  const ours = byRole('default');
  const all = byRole('all');
  const caRow = input.measured.find((row) => row.subject.caCerts);
  const peer = bestPeer(input.measured);
  return [
    coldTarget({
      row: ours,
      input,
      figure: 'cold start to tools/list, default Portainer / node -e 0 (both PATH+HOME only)',
    }),
    coldTarget({
      row: caRow,
      input,
      figure: 'cold start, default Portainer / node -e 0 (both with NODE_EXTRA_CA_CERTS)',
    }),
    httpRatio({
      figure: `HTTP calls/s, default Portainer / best peer (${peer?.subject.label ?? 'none'})`,
      over: ours,
      under: peer,
      target: TARGET.httpVsBestPeer,
    }),
    httpRatio({
      figure: `HTTP calls/s, PORTAINER_PROFILES=ALL / best peer`,
      over: all,
      under: peer,
      target: TARGET.httpVsBestPeer,
    }),
    httpRatio({
      figure: 'HTTP calls/s, PORTAINER_PROFILES=ALL / default',
      over: all,
      under: ours,
      target: TARGET.allVsDefault,
    }),
    peakRss({ row: ours, input, label: 'default' }),
    peakRss({ row: all, input, label: 'ALL' }),
    p99Target({ ours, peer }),
    overheadTarget({ row: ours, floor: input.measured.find((row) => row.subject.role === 'floor') }),
  ];
}

/** The peer row with the highest median HTTP calls/s. */
function bestPeer(measured: readonly Measured[]): Measured | undefined {
  let best: Measured | undefined;
  for (const row of measured) {
    if (row.subject.role !== 'peer') continue;
    const rate = summariseHttp(row.http)?.callsPerSecond ?? 0;
    if (rate > (best ? (summariseHttp(best.http)?.callsPerSecond ?? 0) : 0)) best = row;
  }
  return best;
}

function coldTarget(options: { row: Measured | undefined; input: ReportInput; figure: string }): TargetRow {
  const { row, input, figure } = options;
  const target = `<= ${TARGET.coldRatio.toFixed(2)}x`;
  if (!row || row.coldStarts.length === 0) return { figure, measured: 'not measured', target, met: undefined };
  const cold = median(row.coldStarts);
  const floor = floorFor(row, input);
  const ratio = cold / floor;
  return {
    figure,
    measured: `${ratio.toFixed(2)}x (${ms(cold)} / ${ms(floor)} ms)`,
    target,
    met: ratio <= TARGET.coldRatio,
  };
}

function httpRatio(options: {
  figure: string;
  over: Measured | undefined;
  under: Measured | undefined;
  target: number;
}): TargetRow {
  const over = options.over ? summariseHttp(options.over.http) : undefined;
  const under = options.under ? summariseHttp(options.under.http) : undefined;
  const target = `>= ${options.target.toFixed(2)}x`;
  if (!over || !under) return { figure: options.figure, measured: 'not measured', target, met: undefined };
  const ratio = over.callsPerSecond / under.callsPerSecond;
  // Server CPU per call is printed beside it: on a busy machine it moves less than calls/s.
  const cpu =
    over.cpuMsPerCall !== undefined && under.cpuMsPerCall !== undefined
      ? `; server CPU per call ${ms(over.cpuMsPerCall, 3)} vs ${ms(under.cpuMsPerCall, 3)} ms`
      : '';
  return {
    figure: options.figure,
    measured: `${ratio.toFixed(2)}x (${over.callsPerSecond.toFixed(0)} / ${under.callsPerSecond.toFixed(0)} calls/s${cpu})`,
    target,
    met: ratio >= options.target,
  };
}

function peakRss(options: { row: Measured | undefined; input: ReportInput; label: string }): TargetRow {
  const summary = options.row ? summariseHttp(options.row.http) : undefined;
  const figure = `HTTP peak RSS (VmHWM), ${options.label}, over ${options.input.loadCalls} calls (+100 warm-up) per run`;
  const target = `<= ${TARGET.peakRssMiB} MiB${options.input.loadCalls < 10_000 ? ' (over 10,000 calls; this run made fewer)' : ''}`;
  if (summary?.peakRss === undefined) return { figure, measured: 'not measured', target, met: undefined };
  return {
    figure,
    measured: `${mib(summary.peakRss)} MiB`,
    target,
    met: summary.peakRss <= TARGET.peakRssMiB * 1024 * 1024,
  };
}

function p99Target(options: { ours: Measured | undefined; peer: Measured | undefined }): TargetRow {
  const ours = options.ours ? summariseHttp(options.ours.http) : undefined;
  const peer = options.peer ? summariseHttp(options.peer.http) : undefined;
  const figure = 'HTTP p99 at the same concurrency, default Portainer vs best peer';
  if (!ours || !peer) return { figure, measured: 'not measured', target: "<= the peer's", met: undefined };
  return {
    figure,
    measured: `${ms(ours.p99)} ms`,
    target: `<= ${ms(peer.p99)} ms (the peer's)`,
    met: ours.p99 <= peer.p99,
  };
}

/** The overhead, with the floor's beside it: what a few lines of Node with no MCP library pay for the same hops. */
function overheadTarget(options: { row: Measured | undefined; floor: Measured | undefined }): TargetRow {
  const figure = 'stdio tool-call overhead over a direct GET, p50, default Portainer';
  const target = `<= ${TARGET.overheadP50Ms.toFixed(2)} ms`;
  const overhead = overheadOf(options.row);
  if (overhead === undefined) return { figure, measured: 'not measured', target, met: undefined };
  const floor = overheadOf(options.floor);
  const beside = floor === undefined ? '' : ` (the stdio forwarder floor: ${floor.toFixed(2)} ms)`;
  return { figure, measured: `${overhead.toFixed(2)} ms${beside}`, target, met: overhead <= TARGET.overheadP50Ms };
}

function overheadOf(row: Measured | undefined): number | undefined {
  const session = row?.session;
  return session?.viaMs && session.directMs ? session.viaMs.p50 - session.directMs.p50 : undefined;
}
