import type { JsonSchema } from '../catalog/types.js';
import type { Args } from './args.js';

/**
 * Validates tool arguments against the tool's input schema before any upstream
 * call. Validators are compiled on a tool's first call, not at start-up, so a
 * server with hundreds of tools starts as fast as one with a few; the engine
 * itself, and the regex engine it runs patterns on, are loaded on the first call too.
 *
 * The engine is the SDK's own Ajv (one copy in the bundle), with the SDK's
 * default options, except that patterns run on a linear-time engine (RE2): a
 * vendor's pattern must not let a model's input stall the server. Generated
 * schemas use no keyword whose meaning differs between Ajv's default draft and
 * 2020-12 (the generator compiles each one with Ajv 2020-12, strict).
 */
export type ArgumentCheck = { ok: true; args: Args } | { ok: false; problem: string };

export interface ArgumentValidator {
  check(options: { name: string; schema: JsonSchema; args: unknown }): Promise<ArgumentCheck>;
}

type Validate = ((input: unknown) => boolean) & { errors?: unknown };
type Engine = InstanceType<typeof import('@modelcontextprotocol/server/validators/ajv').Ajv>;

export function createArgumentValidator(): ArgumentValidator {
  let engine: Promise<Engine> | undefined;
  const compiled = new Map<string, Validate>();
  return {
    async check({ name, schema, args }) {
      const ajv = await (engine ??= createEngine());
      let validate = compiled.get(name);
      if (!validate) {
        validate = ajv.compile(schema) as Validate;
        compiled.set(name, validate);
      }
      const input = args ?? {};
      if (validate(input)) return { ok: true, args: input as Args };
      return { ok: false, problem: ajv.errorsText(validate.errors as never) || 'invalid arguments' };
    },
  };
}

async function createEngine(): Promise<Engine> {
  // Loaded on the first call: the bundle evaluates Ajv and RE2's tables only when a tool is called.
  const [{ addFormats, Ajv }, { linearRegExpEngine }] = await Promise.all([
    import('@modelcontextprotocol/server/validators/ajv'),
    import('../patterns/linear-regexp.js'),
  ]);
  const engine = new Ajv({
    strict: false,
    validateFormats: true,
    validateSchema: false,
    allErrors: true,
    code: { regExp: linearRegExpEngine },
  });
  addFormats(engine);
  return engine;
}
