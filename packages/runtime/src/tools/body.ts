import type { ArgBinding, OperationTool } from '../catalog/types.js';
import { type Args, isPresent, scalarToWire } from './args.js';
import { type WireOptions, wireEntries } from './wire-values.js';

/** A request body ready to send. */
export interface EncodedBody {
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface BodyContext {
  readonly tool: OperationTool;
  readonly args: Args;
  readonly wire?: WireOptions;
  /** Multipart file parts may name a local file only when the server runs next to its user (stdio). */
  readonly allowLocalFiles: boolean;
}

export async function encodeBody(context: BodyContext): Promise<EncodedBody | undefined> {
  const spec = context.tool.body;
  if (!spec) return undefined;
  if (spec.mode === 'whole') return encodeWhole({ mediaType: spec.mediaType, value: context.args[spec.arg ?? 'body'] });
  if (spec.mediaType === 'multipart/form-data') return encodeMultipart(context);
  const fields = collectFields({ bindings: context.tool.args, args: context.args, wire: context.wire });
  if (spec.mediaType === 'application/x-www-form-urlencoded') return encodeUrlEncoded(fields);
  if (Object.keys(fields).length === 0) return undefined;
  return { contentType: 'application/json', bytes: Buffer.from(JSON.stringify(fields)) };
}

function encodeWhole(options: { mediaType: string; value: unknown }): EncodedBody | undefined {
  const { mediaType, value } = options;
  if (!isPresent(value)) return undefined;
  if (mediaType.includes('json')) return { contentType: mediaType, bytes: Buffer.from(JSON.stringify(value)) };
  return { contentType: mediaType, bytes: Buffer.from(scalarToWire(value)) };
}

function collectFields(options: {
  bindings: readonly ArgBinding[];
  args: Args;
  wire: WireOptions | undefined;
}): Record<string, unknown> {
  const entries = wireEntries({
    bindings: options.bindings,
    args: options.args,
    locations: ['body', 'form'],
    ...(options.wire ? { wire: options.wire } : {}),
  });
  return Object.fromEntries(entries.map((entry) => [entry.wire, entry.value]));
}

function encodeUrlEncoded(fields: Record<string, unknown>): EncodedBody {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) params.append(name, scalarToWire(value));
  return { contentType: 'application/x-www-form-urlencoded', bytes: Buffer.from(params.toString()) };
}

/** A file part as the tool input describes it. */
interface FileInput {
  readonly content?: string;
  readonly encoding?: 'utf8' | 'base64';
  readonly filename?: string;
  readonly path?: string;
}

async function encodeMultipart(context: BodyContext): Promise<EncodedBody> {
  const form = new FormData();
  for (const binding of context.tool.args) {
    const value = context.args[binding.arg];
    if (binding.in !== 'form' || !isPresent(value)) continue;
    if (binding.file) {
      const file = await readFileInput({ input: value as FileInput, allowLocalFiles: context.allowLocalFiles });
      form.append(binding.wire, new Blob([file.bytes]), file.filename);
    } else {
      form.append(binding.wire, scalarToWire(value));
    }
  }
  // Let the platform's own encoder write the boundary and parts, rather than hand-rolling multipart.
  const encoded = new Response(form);
  return {
    contentType: encoded.headers.get('content-type') ?? 'multipart/form-data',
    bytes: Buffer.from(await encoded.arrayBuffer()),
  };
}

async function readFileInput(options: { input: FileInput; allowLocalFiles: boolean }) {
  const { input, allowLocalFiles } = options;
  if (input.path !== undefined) {
    if (!allowLocalFiles) throw new Error('file parts may name a local "path" only over stdio; send "content" instead');
    // Loaded here: only a stdio call with a local file part needs it.
    const { readFile } = await import('node:fs/promises');
    return { bytes: await readFile(input.path), filename: input.filename ?? input.path.split(/[\\/]/).pop() ?? 'file' };
  }
  const encoding = input.encoding ?? 'utf8';
  return { bytes: Buffer.from(input.content ?? '', encoding), filename: input.filename ?? 'file' };
}
