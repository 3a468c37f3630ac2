import { AjvJsonSchemaValidator } from '@modelcontextprotocol/server/validators/ajv';
import type { JsonSchema } from '../catalog/types.js';
import type { Args } from './args.js';

/**
 * Validates tool arguments against the tool's input schema before any upstream
 * call. Validators are compiled on a tool's first call, not at start-up, so a
 * server with hundreds of tools starts as fast as one with a few.
 */
export type ArgumentCheck = { ok: true; args: Args } | { ok: false; problem: string };

export interface ArgumentValidator {
  check(options: { name: string; schema: JsonSchema; args: unknown }): ArgumentCheck;
}

export function createArgumentValidator(): ArgumentValidator {
  const provider = new AjvJsonSchemaValidator();
  const compiled = new Map<string, (input: unknown) => { valid: boolean; errorMessage?: string | undefined }>();
  return {
    check({ name, schema, args }) {
      let validate = compiled.get(name);
      if (!validate) {
        validate = provider.getValidator(schema as never);
        compiled.set(name, validate);
      }
      const input = args ?? {};
      const result = validate(input);
      return result.valid ? { ok: true, args: input as Args } : { ok: false, problem: result.errorMessage ?? 'invalid arguments' };
    },
  };
}
