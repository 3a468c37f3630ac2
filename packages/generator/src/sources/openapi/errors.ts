import { InputError } from '../../ir/errors.js';

/**
 * Maps swagger-parser's errors to one-line InputErrors that name the file and,
 * where the library knows it, the JSON pointer of the fault.
 */
export function toInputError(options: { error: unknown; file: string }): InputError {
  const { error, file } = options;
  if (error instanceof InputError) return error;
  const fault = error as {
    name?: string;
    code?: string;
    message?: string;
    parentPath?: string;
    targetRef?: string;
    details?: { instancePath?: string; message?: string }[];
  };
  const message = fault.message ?? String(error);
  if (fault.code === 'EMISSINGPOINTER') return brokenRef({ fault, file, message });
  if (fault.details && fault.details.length > 0) return invalidStructure({ details: fault.details, file });
  if (fault.code === 'EPARSER' || fault.code === 'EUNMATCHEDPARSER')
    return new InputError(file, `cannot parse: ${syntaxLine(message)}`);
  if (fault.code === 'ERESOLVER' || /ENOENT/.test(message))
    return new InputError(file, `cannot read: ${firstLine(message)}`);
  return new InputError(file, firstLine(message));
}

function brokenRef(options: {
  fault: { parentPath?: string; targetRef?: string };
  file: string;
  message: string;
}): InputError {
  const { fault, file } = options;
  const where = fault.parentPath ? `${file}#${fault.parentPath.replace(/^#/, '')}` : file;
  return new InputError(where, `$ref "${fault.targetRef ?? '?'}" points to nothing in the document`);
}

function invalidStructure(options: {
  details: { instancePath?: string; message?: string }[];
  file: string;
}): InputError {
  const [first] = options.details;
  const more = options.details.length - 1;
  const suffix = more > 0 ? ` (${more} related schema complaints omitted)` : '';
  return new InputError(
    `${options.file}#${first?.instancePath ?? ''}`,
    `not a valid OpenAPI document: ${first?.message ?? 'schema validation failed'}${suffix}`,
  );
}

/** swagger-parser prints a code frame after the first line; keep the cause and position only. */
function syntaxLine(message: string): string {
  return firstLine(message).replace(/^Error parsing \S+: /, '');
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}
