import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

/** `templates/` at the repository root: handlebars for non-code files only. */
export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../templates');

/**
 * A private handlebars instance with escaping off (templates render Markdown and
 * JSON, not HTML) and a `json` helper for values placed in JSON.
 */
const handlebars = Handlebars.create();
handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value));
handlebars.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
handlebars.registerHelper('sh', (value: unknown) => shellQuote(String(value)));

/**
 * One shell word, single-quoted: nothing inside is expanded by sh, bash or zsh, interactive or not
 * (`!` history expansion, `$`, `<` redirection), so a README line works when pasted.
 */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

const cache = new Map<string, Handlebars.TemplateDelegate>();

export async function renderTemplate(options: { name: string; view: object }): Promise<string> {
  let template = cache.get(options.name);
  if (!template) {
    const source = await readFile(path.join(TEMPLATES_DIR, options.name), 'utf8');
    template = handlebars.compile(source, { noEscape: true, strict: true });
    cache.set(options.name, template);
  }
  return template(options.view);
}
