/**
 * Keywords a dialect cannot carry are said in the description instead, so that the model
 * still reads them (the server validates the default schema, which keeps them all).
 */
const PHRASES: Readonly<Record<string, (value: unknown) => string>> = {
  default: (value) => `Default: ${JSON.stringify(value)}.`,
  minLength: (value) => `At least ${String(value)} characters.`,
  maxLength: (value) => `At most ${String(value)} characters.`,
  pattern: (value) => `Pattern: ${String(value)}.`,
  format: (value) => `Format: ${String(value)}.`,
  minimum: (value) => `Minimum ${String(value)}.`,
  maximum: (value) => `Maximum ${String(value)}.`,
  minItems: (value) => `At least ${String(value)} items.`,
  maxItems: (value) => `At most ${String(value)} items.`,
  title: (value) => `${String(value)}.`,
};

/** Keywords that say nothing a model needs (annotations for documents only). */
const SILENT = new Set(['examples', 'example', 'contentMediaType', '$comment', 'readOnly', 'writeOnly', 'deprecated']);

export function describeKeywords(moved: Readonly<Record<string, unknown>>): string {
  return Object.entries(moved)
    .filter(([keyword]) => !SILENT.has(keyword))
    .map(([keyword, value]) => PHRASES[keyword]?.(value) ?? `${keyword}: ${JSON.stringify(value)}.`)
    .join(' ');
}

/** The description with sentences appended; undefined when there is nothing to say. */
export function withNotes(description: unknown, ...notes: string[]): string | undefined {
  const text = [typeof description === 'string' ? description.trim() : '', ...notes]
    .filter((part) => part !== '')
    .join(' ');
  return text === '' ? undefined : text;
}
