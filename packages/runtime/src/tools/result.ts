import type { UpstreamResponse } from '../http/types.js';
import { createRedactor, type Redactor } from '../shaping/redact.js';
import { compileSelect, type CompiledSelect, evaluateSelect } from '../shaping/select.js';
import { fitJson } from '../shaping/truncate.js';

/** How a call ended, for the audit log: `refused` means a check said no and nothing was sent upstream. */
export type CallOutcome = 'ok' | 'error' | 'refused';

/** Key of a refusal's outcome: a symbol, and not enumerable, so it never reaches the wire. */
const OUTCOME = Symbol('outcome');

/** The `tools/call` result shape this runtime returns (a subset of the MCP type). */
export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  readonly [OUTCOME]?: 'refused';
}

export interface ShapeOptions {
  /** Longest text a result may carry; longer text is cut with a notice. */
  readonly maxChars: number;
  /** `data`: answers are `{ "data": ... }` (Proxmox) and the tool returns what is inside. */
  readonly envelope?: 'data';
  /** Explanations added to errors with these statuses. */
  readonly statusNotes?: Readonly<Record<string, string>> | undefined;
  /** Secret redaction by key and shape of answers and error bodies (the server's own secrets are always scrubbed). @default true */
  readonly redact?: boolean;
  /** The redactor of this server (and call): its own secrets plus redaction by key and shape. Default: by `redact`, knowing no secrets. */
  readonly redactor?: Redactor | undefined;
  /** The caller's JMESPath projection for this call, compiled before anything was sent (text in tests). */
  readonly select?: CompiledSelect | string | undefined;
  /**
   * The call may have changed upstream state (its safety class is not `read`): once
   * it ran, a failure to shape the answer is a note in a successful result, so that
   * the caller knows the change happened and does not retry it.
   */
  readonly wrote?: boolean;
}

/** Longest error text: an error says what went wrong, not the whole upstream answer (a 100k-item validation error was 6 MB). */
export const MAX_ERROR_CHARS = 4000;

const BY_SHAPE = createRedactor({ secrets: () => [], byShape: true });
const OWN_ONLY = createRedactor({ secrets: () => [], byShape: false });
/** For a value that was redacted already. */
const UNCHANGED: Redactor = { value: (value) => value, text: (text) => text };

/** The redactor a result is shaped with: the server's, else one by the `redact` switch. */
export function redactorOf(shape: ShapeOptions): Redactor {
  return shape.redactor ?? (shape.redact === false ? OWN_ONLY : BY_SHAPE);
}

/** An error result with every text passed through the redactor: upstream bodies, task logs and exception messages end up here. */
export function scrubbed(result: ToolResult, redactor: Redactor): ToolResult {
  if (!result.isError) return result;
  // In place: the result was made for this call, and its outcome (a non-enumerable symbol) must stay on it.
  for (const block of result.content) block.text = redactor.text(block.text);
  return result;
}

export function errorResult(message: string): ToolResult {
  const text =
    message.length > MAX_ERROR_CHARS
      ? `${message.slice(0, MAX_ERROR_CHARS)}… [cut: the error was ${message.length} characters]`
      : message;
  return { content: [{ type: 'text', text }], isError: true };
}

/** A result with a second text block that says what else the caller should know. */
export function withNote(result: ToolResult, note: string): ToolResult {
  return { ...result, content: [...result.content, { type: 'text', text: `Note: ${note}` }] };
}

/** An error result for a call that a check stopped before anything was sent upstream. */
export function refusedResult(message: string): ToolResult {
  return Object.defineProperty(errorResult(message), OUTCOME, { value: 'refused', enumerable: false });
}

export function outcomeOf(result: ToolResult): CallOutcome {
  if (!result.isError) return 'ok';
  return result[OUTCOME] ?? 'error';
}

/** Parses a JSON body when it is one; anything else stays text. */
export function parseBody(response: UpstreamResponse): { json: true; value: unknown } | { json: false; text: string } {
  const text = response.body.toString('utf8');
  const looksJson = response.contentType.includes('json') || /^\s*[[{]/.test(text);
  if (looksJson && !response.truncated) {
    try {
      return { json: true, value: JSON.parse(text) };
    } catch {
      // Not JSON after all: served as text below.
    }
  }
  return { json: false, text };
}

export function successResult(options: {
  response: UpstreamResponse;
  shape: ShapeOptions;
  parsed?: ReturnType<typeof parseBody>;
}): ToolResult {
  const { response, shape } = options;
  if (response.body.length === 0) {
    return { content: [{ type: 'text', text: `OK (HTTP ${response.status}, no content)` }] };
  }
  const parsed = options.parsed ?? parseBody(response);
  if (!parsed.json) {
    const text = redactorOf(shape).text(parsed.text);
    return { content: [{ type: 'text', text: capText({ text, shape, readTruncated: response.truncated }) }] };
  }
  return valueResult({ value: unwrap({ value: parsed.value, shape }), shape });
}

/**
 * A JSON value as a tool result: redacted, projected by the caller's `select`,
 * kept under the size cap as valid JSON, as compact text plus structured content.
 */
export function valueResult(options: { value: unknown; shape: ShapeOptions }): ToolResult {
  const { shape } = options;
  const clean = redactorOf(shape).value(options.value);
  const selected = selectOn({ value: clean, select: shape.select });
  if (!selected.ok && !shape.wrote) return errorResult(selected.problem);
  if (!selected.ok)
    return withNote(
      valueResult({ value: clean, shape: { ...shape, redactor: UNCHANGED, select: undefined } }),
      `the request was carried out, but ${selected.problem} The whole answer is shown instead.`,
    );
  const fitted = fitJson({ value: selected.value, maxChars: shape.maxChars });
  return { content: [{ type: 'text', text: fitted.text }], structuredContent: asStructured(fitted.value) };
}

function selectOn(options: { value: unknown; select: ShapeOptions['select'] }): ReturnType<typeof evaluateSelect> {
  const compiled =
    typeof options.select === 'string' ? compileSelect(options.select) : { ok: true as const, select: options.select };
  return compiled.ok ? evaluateSelect({ value: options.value, select: compiled.select }) : compiled;
}

/** `{data, total}` keeps `total` (paged lists); a bare `{data}` becomes its content. */
export function unwrap(options: { value: unknown; shape: ShapeOptions }): unknown {
  const { value, shape } = options;
  if (shape.envelope !== 'data' || value === null || typeof value !== 'object' || !('data' in value)) return value;
  const { data, total } = value as { data: unknown; total?: unknown };
  return total === undefined ? data : { data, total };
}

function asStructured(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { result: value };
}

function capText(options: { text: string; shape: ShapeOptions; readTruncated: boolean }): string {
  const { text, shape, readTruncated } = options;
  if (text.length <= shape.maxChars && !readTruncated) return text;
  const kept = text.slice(0, shape.maxChars);
  return `${kept}\n[truncated: the response was longer than ${shape.maxChars} characters; narrow the request (filters, limits, a single item by id)]`;
}

const MESSAGE_FIELDS = ['message', 'details', 'error', 'err', 'errors'] as const;

/** `HTTP 404 Not Found from GET /endpoints/9: Environment not found`. Error bodies are redacted too. */
export function upstreamErrorResult(options: {
  response: UpstreamResponse;
  what: string;
  statusNotes?: Readonly<Record<string, string>> | undefined;
  redactor?: Redactor | undefined;
}): ToolResult {
  const { response, what } = options;
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const message = upstreamMessage({ response, redactor: options.redactor ?? BY_SHAPE });
  const note = options.statusNotes?.[String(response.status)];
  return errorResult(`${status} from ${what}${message ? `: ${message}` : ''}${note ? ` (${note})` : ''}`);
}

function upstreamMessage(options: { response: UpstreamResponse; redactor: Redactor }): string {
  const parsed = parseBody(options.response);
  if (!parsed.json) return options.redactor.text(parsed.text).trim().slice(0, 2000);
  const value = options.redactor.value(parsed.value);
  if (value && typeof value === 'object') {
    const parts = MESSAGE_FIELDS.map((field) => (value as Record<string, unknown>)[field])
      .filter((part) => part !== undefined && part !== null && part !== '')
      .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)));
    if (parts.length > 0) return [...new Set(parts)].join(' - ').slice(0, 2000);
  }
  return JSON.stringify(value).slice(0, 2000);
}
