import { InputError, pointerToken } from '../../ir/errors.js';
import type { MethodRef } from './tree.js';

/**
 * Shapes the adapter relies on, checked before it reads a method, so that a broken or
 * hostile apidoc gets one line naming file and JSON pointer instead of a crash or a
 * silently wrong server: `parameters.properties` is an object of objects (an array would
 * become arguments "0", "1"), `format` is a name or an object, and no
 * `METHOD /path` appears twice (two tools of one name).
 */
export function checkMethods(options: { refs: readonly MethodRef[]; file: string }): void {
  const seen = new Map<string, string>();
  for (const ref of options.refs) {
    checkParameters({ ref, file: options.file });
    const key = `${ref.verb} ${ref.node.path}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw new InputError(`${options.file}#${ref.pointer}`, `${key} is declared twice (first at ${first})`);
    seen.set(key, ref.pointer);
  }
}

function checkParameters(options: { ref: MethodRef; file: string }): void {
  const { ref, file } = options;
  const at = (suffix: string) => `${file}#${ref.pointer}/parameters${suffix}`;
  const parameters: unknown = ref.method.parameters;
  if (parameters === undefined) return;
  if (!isObject(parameters)) throw new InputError(at(''), 'expected an object');
  const properties: unknown = (parameters as { properties?: unknown }).properties;
  if (properties === undefined) return;
  if (!isObject(properties)) throw new InputError(at('/properties'), 'expected an object of parameter schemas');
  for (const [name, param] of Object.entries(properties)) {
    const place = `/properties/${pointerToken(name)}`;
    if (!isObject(param))
      throw new InputError(at(place), `expected a parameter schema object, found ${JSON.stringify(param)}`);
    const format: unknown = (param as { format?: unknown }).format;
    if (format === undefined || typeof format === 'string') continue;
    if (!isObject(format))
      throw new InputError(
        at(`${place}/format`),
        `expected a format name or a schema object, found ${JSON.stringify(format)}`,
      );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
