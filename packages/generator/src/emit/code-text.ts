/**
 * The one path by which text from an upstream spec (titles, descriptions, names,
 * enum values) enters generated code. Nothing from a spec may become code:
 * - in a comment, text is one line (every line terminator, including U+2028/2029
 *   and NEL, and every other control character becomes a space) and cannot close
 *   a block comment;
 * - in a literal, text is JSON with U+2028/2029 and `</` escaped, which every
 *   JavaScript parser reads as one string, also inside an HTML `<script>`.
 */
const LINE_BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export function commentText(text: string): string {
  return text.replace(LINE_BREAKS_AND_CONTROLS, ' ').replace(/\*\//g, '*\\/');
}

export function codeLiteral(value: unknown, indent?: number): string {
  const json = JSON.stringify(value, null, indent);
  return json
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/<\//g, '<\\/')
    .replace(/<!--/g, '<\\!--');
}
