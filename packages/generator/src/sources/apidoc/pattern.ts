/**
 * Perl patterns from the apidoc (`(?^i:...)`, implicitly anchored) converted to
 * JavaScript with the `u` flag, or undefined when JavaScript cannot compile them;
 * the caller then keeps the pattern as text. Proxmox validates on its side anyway.
 */
export function perlPatternToJs(pattern: string): string | undefined {
  if (/\(\?\^[a-z]*i[a-z]*:/.test(pattern)) return undefined; // case-insensitive groups have no `u`-mode equivalent
  const converted = `^(?:${pattern.replace(/\(\?\^[a-z]*:/g, '(?:')})$`;
  try {
    new RegExp(converted, 'u');
    return converted;
  } catch {
    return undefined;
  }
}
