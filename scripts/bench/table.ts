/** Plain Markdown table: a header row, a separator, then the rows; columns padded to fit. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    `| ${header.map((_, column) => (row[column] ?? '').padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** Numbered notes referenced from cells as "[n]"; the same text gets the same number. */
export class Notes {
  private readonly texts: string[] = [];

  ref(text: string): string {
    let index = this.texts.indexOf(text);
    if (index < 0) {
      this.texts.push(text);
      index = this.texts.length - 1;
    }
    return `[${index + 1}]`;
  }

  render(): string {
    return this.texts.map((text, index) => `[${index + 1}] ${text}`).join('\n');
  }
}

export const ms = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
export const seconds = (milliseconds: number): string => `${(milliseconds / 1000).toFixed(1)} s`;
export const signed = (value: number, digits = 2): string =>
  Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(digits)}` : 'n/a';
export const mib = (bytes: number | undefined): string =>
  bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)}`;
export const grouped = (value: number): string => value.toLocaleString('en-US');
