import type { SchemaDialect } from '@mcpgen/runtime';

/** Which dialect to set for which client: the generated README's table (the root README says the same). */
export const DIALECT_CLIENTS: readonly { readonly client: string; readonly dialect: SchemaDialect }[] = [
  { client: 'Claude Code, Claude Desktop, Cursor, VS Code, Windsurf (full JSON Schema)', dialect: 'default' },
  { client: 'OpenAI Agents SDK, Responses/Chat Completions with `strict: true` tools', dialect: 'openai-strict' },
  { client: 'Gemini API, Vertex AI function declarations (Google ADK, Gemini CLI)', dialect: 'gemini' },
];

/** What each dialect changes in the listed schemas, and what the server does with the calls. */
export const DIALECT_CHANGES: readonly { readonly dialect: SchemaDialect; readonly changes: string }[] = [
  { dialect: 'default', changes: 'Nothing: full JSON Schema, as the server validates it.' },
  {
    dialect: 'openai-strict',
    changes:
      'Every object closed (`additionalProperties: false`) and every property required; optional ones are nullable (`["T", "null"]`, or a `null` branch of `anyOf`) and `null` means "not given". Open maps become lists of `{key, value}` pairs (maps whose values can only be `{}`, such as Docker `ExposedPorts`: lists of keys); free-form objects and untyped values are JSON text (a string). Keywords strict mode does not support (`default`, `minLength`, `maxLength`, `pattern`, unlisted formats, ...) are said in the description.',
  },
  {
    dialect: 'gemini',
    changes:
      'Enums are strings (`"8"` for 8, converted back); property names outside `^[A-Za-z_][A-Za-z0-9_]*$` are renamed (`dry-run` -> `dry_run`; a taken name gets `_2`) and named back; no type lists (`anyOf`, `nullable`); open maps and free-form values as for `openai-strict`; fields Gemini\'s Schema does not document are said in the description.',
  },
];
