import { SERVED_DIALECTS, type ServedDialectName, type TargetSpec, type ToolSpec } from '@mcpgen/runtime';
import { buildDialectData, type DialectData, dialectInput, type DialectLint } from './data.js';

/** Every dialect other than the default, made at generation: servers only read the one they serve. */
export type Dialects = Readonly<Record<ServedDialectName, DialectData>>;

export function buildDialects(options: { target: TargetSpec; tools: readonly ToolSpec[] }): Dialects {
  const input = dialectInput(options);
  return Object.fromEntries(
    SERVED_DIALECTS.map((dialect) => [dialect, buildDialectData({ dialect, input })]),
  ) as Record<ServedDialectName, DialectData>;
}

/** schema-lint.json: per dialect, the documented rules checked and every exception by tool and JSON pointer. */
export function schemaLint(dialects: Dialects): Readonly<Record<ServedDialectName, DialectLint>> {
  return Object.fromEntries(SERVED_DIALECTS.map((dialect) => [dialect, dialects[dialect].lint])) as Record<
    ServedDialectName,
    DialectLint
  >;
}

/** The generator's summary line: exceptions per dialect. */
export function summariseLint(dialects: Readonly<Record<ServedDialectName, DialectLint>>): string {
  return SERVED_DIALECTS.map((dialect) => {
    const { exceptions, checked } = dialects[dialect];
    const tools = new Set(exceptions.map((exception) => exception.tool)).size;
    return `${dialect} ${exceptions.length} exceptions in ${tools} tools (${checked} schemas checked)`;
  }).join(', ');
}
