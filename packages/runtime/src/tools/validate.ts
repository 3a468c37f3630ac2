import { addFormats, Ajv } from '@modelcontextprotocol/server/validators/ajv';
import type { JsonSchema } from '../catalog/types.js';
import { linearRegExpEngine } from '../patterns/linear-regexp.js';
import type { Args } from './args.js';

/**
 * Validates tool arguments against the tool's input schema before any upstream
 * call. Validators are compiled on a tool's first call, not at start-up, so a
 * server with hundreds of tools starts as fast as one with a few; the engine
 * itself is made on the first call too.
 *
 * The engine is the SDK's own Ajv (one copy in the bundle), with the SDK's
 * default options, except that patterns run on a linear-time engine. Generated
 * schemas use no keyword whose meaning differs between its draft and 2020-12
 * (the generator compiles each one with Ajv 2020-12, strict).
 */
export type ArgumentCheck = { ok: true; args: Args } | { ok: false; problem: string };

export interface ArgumentValidator {
  check(options: { name: string; schema: JsonSchema; args: unknown }): ArgumentCheck;
}

type Validate = ((input: unknown) => boolean) & { errors?: unknown };
type Engine = InstanceType<typeof Ajv>;

export function createArgumentValidator(): ArgumentValidator {
  let engine: Engine | undefined;
  const compiled = new Map<string, Validate>();
  return {
    check({ name, schema, args }) {
      engine ??= createEngine();
      let validate = compiled.get(name);
      if (!validate) {
        validate = engine.compile(schema) as Validate;
        compiled.set(name, validate);
      }
      const input = args ?? {};
      if (validate(input)) return { ok: true, args: input as Args };
      return { ok: false, problem: engine.errorsText(validate.errors as never) || 'invalid arguments' };
    },
  };
}

function createEngine(): Engine {
  const engine = new Ajv({ strict: false, validateFormats: true, validateSchema: false, allErrors: true, code: { regExp: linearRegExpEngine } });
  addFormats(engine);
  return engine;
}
