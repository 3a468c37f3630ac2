import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { escapeEsmLookalikes } from '../src/emit/esm-lookalikes.js';

// unjs/mlly's ESM_RE, copied here independently of the generator's copy (publint 0.3 uses it).
const MLLY_ESM_RE =
  /([\s;]|^)(import[\w,{}\s*]*from|import\s*['"*{]|export\b\s*(?:[*{]|default|type|function|const|var|let|async function)|import\.meta\b)/m;

describe('escapeEsmLookalikes', () => {
  it('leaves prose that looks like ESM in strings, templates and regexes meaning the same, without the ESM look', () => {
    const code =
      'var a="Pull or\\nimport an image from an archive";var b=`x\nexport default y`;var c=/ import {a} from/;var d=" export const k";result=[a,b,c.test(" import {a} from"),c.test(" impor {a} from"),d];';
    expect(MLLY_ESM_RE.test(code)).toBe(true);
    const escaped = escapeEsmLookalikes(code);
    expect(MLLY_ESM_RE.test(escaped)).toBe(false);
    const run = (source: string) => runInNewContext(`var result;${source};result`) as unknown[];
    expect(run(escaped)).toEqual(run(code));
  });
});
