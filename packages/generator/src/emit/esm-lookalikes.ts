/**
 * Tools that guess a file's module format by regular expression (publint, unjs/mlly, which
 * publint copies) take upstream prose inside the CommonJS bundle for ES module syntax: Docker's
 * "to import an image from an archive" or Proxmox's "imports data from" match
 * `import ... from`. Such a match can only be inside a string, template or regex literal here
 * (the bundle is CommonJS, esbuild writes no import/export statements), and in all three
 * `\x74` means `t`, so the keyword's last letter is written as that escape: same program,
 * no false ES module verdict.
 *
 * The pattern is mlly's ESM_RE as publint 0.3 uses it.
 */
const ESM_LOOKALIKE =
  /([\s;]|^)(import[\w,{}\s*]*from|import\s*['"*{]|export\b\s*(?:[*{]|default|type|function|const|var|let|async function)|import\.meta\b)/gm;

export function escapeEsmLookalikes(code: string): string {
  return code.replace(
    ESM_LOOKALIKE,
    (_match, before: string, statement: string) => `${before}${statement.slice(0, 5)}\\x74${statement.slice(6)}`,
  );
}
