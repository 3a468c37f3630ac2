/**
 * Property names a dialect allows: invalid characters become `_`, a leading digit gets a
 * `_` in front, and a name already taken gets `_2`, `_3`, ... Names that are valid keep
 * theirs first, so the result depends only on the names and their order (deterministic).
 */
export function dialectNames(options: { names: readonly string[]; pattern: RegExp | undefined }): Map<string, string> {
  const { names, pattern } = options;
  if (!pattern) return new Map(names.map((name) => [name, name]));
  const taken = new Set(names.filter((name) => pattern.test(name)));
  const result = new Map<string, string>();
  for (const name of names) {
    if (pattern.test(name)) {
      result.set(name, name);
      continue;
    }
    const base = sanitise(name);
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
    taken.add(candidate);
    result.set(name, candidate);
  }
  return result;
}

function sanitise(name: string): string {
  const replaced = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(replaced) ? replaced : `_${replaced}`;
}
