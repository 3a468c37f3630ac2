import type { CallBehaviour } from '../catalog/types.js';
import type { UpstreamResponse } from '../http/types.js';
import { errorResult, redactorOf, type ShapeOptions, type ToolResult, valueResult } from './result.js';

/**
 * Streamed answers made useful to a model (target data says which operations stream):
 * - `multiplexed-stream`: Docker's log/attach/exec framing, an 8-byte header per frame
 *   (byte 0 the stream: 0 stdin, 1 stdout, 2 stderr; bytes 4-7 the payload length, big
 *   endian). Frames become lines labelled `[stdout]`/`[stderr]`; a TTY container sends
 *   raw text without frames, which is returned as it is. Over the size cap the newest
 *   lines are kept, since the end of a log is what is asked for.
 * - `json-progress`: JSON objects one per line (image pull/push); returned as the final
 *   status, the global status messages and the number of layers; an `error` line makes
 *   the call an error even though the upstream answered 200.
 */
export type StreamKind = NonNullable<CallBehaviour['response']>;

export function decodeStream(options: {
  kind: StreamKind;
  response: UpstreamResponse;
  shape: ShapeOptions;
  what: string;
}): ToolResult {
  return options.kind === 'multiplexed-stream' ? outputResult(options) : progressResult(options);
}

const LABELS: Readonly<Record<number, string>> = { 0: 'stdin', 1: 'stdout', 2: 'stderr' };
const HEADER_BYTES = 8;

interface Chunk {
  readonly stream: string;
  readonly text: string;
}

/** The frames of a multiplexed body, or undefined when it is not framed (a TTY's raw stream). */
export function demultiplex(body: Buffer): Chunk[] | undefined {
  const chunks: Chunk[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= body.length) {
    const stream = LABELS[body[offset]!];
    if (stream === undefined || body[offset + 1] !== 0 || body[offset + 2] !== 0 || body[offset + 3] !== 0)
      return undefined;
    const size = body.readUInt32BE(offset + 4);
    const end = Math.min(offset + HEADER_BYTES + size, body.length);
    chunks.push({ stream, text: body.subarray(offset + HEADER_BYTES, end).toString('utf8') });
    offset = end;
  }
  return offset === body.length ? chunks : undefined;
}

/** Lines labelled by stream; a line split over several frames of one stream is joined. */
export function labelledLines(chunks: readonly Chunk[]): string[] {
  const lines: string[] = [];
  const pending = new Map<string, string>();
  for (const chunk of chunks) {
    const parts = `${pending.get(chunk.stream) ?? ''}${chunk.text}`.split('\n');
    pending.set(chunk.stream, parts.pop()!);
    for (const line of parts) lines.push(`[${chunk.stream}] ${line.replace(/\r$/, '')}`);
  }
  for (const [stream, rest] of pending) if (rest !== '') lines.push(`[${stream}] ${rest}`);
  return lines;
}

function outputResult(options: { response: UpstreamResponse; shape: ShapeOptions }): ToolResult {
  const { response, shape } = options;
  if (response.body.length === 0) return { content: [{ type: 'text', text: '(no output)' }] };
  const chunks = demultiplex(response.body);
  const text = chunks ? labelledLines(chunks).join('\n') : response.body.toString('utf8');
  // The call's redactor, as for every other answer: the server's own secrets go even when redaction by shape is off.
  const clean = redactorOf(shape).text(text);
  return { content: [{ type: 'text', text: keepNewest({ text: clean, maxChars: shape.maxChars }) }] };
}

/** Over the cap, the end is kept from a line start, with a note of what was cut. */
export function keepNewest(options: { text: string; maxChars: number }): string {
  const { text, maxChars } = options;
  if (text.length <= maxChars) return text;
  const note = `[earlier output cut: ${text.length - maxChars}+ characters; ask for fewer lines with tail or a later since]\n`;
  const kept = text.slice(text.length - Math.max(0, maxChars - note.length));
  const lineStart = kept.indexOf('\n');
  return `${note}${lineStart >= 0 && lineStart < kept.length - 1 ? kept.slice(lineStart + 1) : kept}`;
}

interface ProgressLine {
  readonly status?: string;
  readonly id?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
}

function progressResult(options: { response: UpstreamResponse; shape: ShapeOptions; what: string }): ToolResult {
  const lines = parseProgress(options.response.body.toString('utf8'));
  const failed = lines.find((line) => line.error !== undefined || line.errorDetail?.message !== undefined);
  if (failed) return errorResult(`${options.what} failed: ${failed.errorDetail?.message ?? failed.error}`);
  const messages = lines
    .filter((line) => line.id === undefined && typeof line.status === 'string')
    .map((line) => line.status!);
  // `{"status":"Pulling from library/nginx","id":"latest"}` names the tag, not a layer.
  const layers = new Set(
    lines.filter((line) => line.id !== undefined && !line.status?.startsWith('Pulling from ')).map((line) => line.id),
  ).size;
  return valueResult({ value: { status: messages.at(-1) ?? 'done', messages, layers }, shape: options.shape });
}

/** One JSON object per line; a line that is not JSON is kept as a status. */
function parseProgress(text: string): ProgressLine[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        const value: unknown = JSON.parse(line);
        return value !== null && typeof value === 'object' ? (value as ProgressLine) : { status: String(value) };
      } catch {
        return { status: line.trim() };
      }
    });
}
