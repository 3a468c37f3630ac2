/**
 * Confirmation of destructive calls: a speed bump against a model acting on its
 * own, not a security boundary (the access tier is that). The user is asked
 * through MCP elicitation when the client supports it; otherwise the call needs
 * the tool's `confirm` argument set to true, which the model should only set after
 * asking the user.
 */
export type Elicit = (message: string) => Promise<boolean | undefined>;

export async function confirmation(options: { name: string; confirmArg: string; confirmed: boolean; elicit: Elicit | undefined; what: string }): Promise<string | undefined> {
  if (options.confirmed) return undefined;
  if (options.elicit) {
    const answer = await options.elicit(`Run ${options.what}? This is destructive and cannot be undone.`);
    if (answer === true) return undefined;
    if (answer === false) return `Cancelled: the user declined ${options.what}. Nothing was sent upstream.`;
  }
  return `Refused: ${options.name} is destructive. Ask the user, then call again with ${options.confirmArg}: true. Nothing was sent upstream.`;
}
