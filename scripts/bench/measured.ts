import type { SessionFigures } from './overhead.js';
import { median } from './stats.js';
import type { Subject } from './subjects.js';
import type { Throughput } from './throughput.js';

/** Everything measured for one subject (filled in as the bench goes). */
export interface Measured {
  readonly subject: Subject;
  readonly coldStarts: number[];
  coldError?: string;
  session?: SessionFigures;
  /** The bench's HTTP load driver, one entry per round (every subject with an HTTP mode, ours and the peers alike). */
  readonly http: Throughput[];
  /** Why an HTTP round could not run (the last reason seen). */
  httpUnavailable?: string;
}

export interface ReportInput {
  readonly measured: readonly Measured[];
  readonly floorMs: number;
  /** `node -e 0` with NODE_EXTRA_CA_CERTS=caFile (undefined: no CA bundle to test with). */
  readonly caFloorMs: number | undefined;
  readonly caFile: string | undefined;
  readonly httpRounds: number;
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

/** The floor a row's cold start is compared with: `node -e 0` started with the same environment. */
export function floorFor(row: Measured, input: ReportInput): number {
  return row.subject.caCerts && input.caFloorMs !== undefined ? input.caFloorMs : input.floorMs;
}

export interface HttpSummary {
  readonly runs: number;
  readonly callsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly peakRss: number | undefined;
  /** Median server CPU ms per call over the runs that could read it. */
  readonly cpuMsPerCall: number | undefined;
  readonly completed: number;
  readonly planned: number;
  readonly protocolErrors: number;
  readonly toolErrors: number;
  readonly timedOut: boolean;
  readonly firstError: string | undefined;
  readonly transport: string;
}

/** Medians over the HTTP rounds of one row (peak RSS: the highest); undefined when none ran. */
export function summariseHttp(runs: readonly Throughput[]): HttpSummary | undefined {
  if (runs.length === 0) return undefined;
  const peaks = runs.flatMap((run) => (run.peakRss === undefined ? [] : [run.peakRss]));
  const cpu = runs.flatMap((run) => (run.cpuMsPerCall === undefined ? [] : [run.cpuMsPerCall]));
  const sum = (pick: (run: Throughput) => number) => runs.reduce((total, run) => total + pick(run), 0);
  return {
    runs: runs.length,
    callsPerSecond: median(runs.map((run) => run.callsPerSecond)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    peakRss: peaks.length > 0 ? Math.max(...peaks) : undefined,
    cpuMsPerCall: cpu.length > 0 ? median(cpu) : undefined,
    completed: sum((run) => run.completed),
    planned: sum((run) => run.planned),
    protocolErrors: sum((run) => run.protocolErrors),
    toolErrors: sum((run) => run.toolErrors),
    timedOut: runs.some((run) => run.timedOut),
    firstError: runs.find((run) => run.firstError)?.firstError,
    transport: runs[0]!.transport,
  };
}
