/**
 * Whether a client's declared capabilities include form elicitation, so that it can be
 * asked to confirm a call. Apart from the SDK so that the stdio front (stdio-front.ts)
 * can decide it before the SDK is loaded.
 */
export function declaresFormElicitation(capabilities: unknown): boolean {
  const elicitation = (capabilities as { elicitation?: { form?: object; url?: object } } | undefined)?.elicitation;
  if (!elicitation) return false;
  // `elicitation: {}` means form mode (the 2025-06 shape); a client listing only `url` cannot show a form.
  return elicitation.form !== undefined || elicitation.url === undefined;
}
