/**
 * Confirmation of destructive calls: a person is asked before anything is sent.
 * A speed bump against a model acting on its own, not a security boundary (the
 * access tier is that).
 *
 * When the client can be asked (it declared elicitation and its transport and
 * era let the server ask during a call), the person is asked every time, and the
 * tool's `confirm` argument is neither offered nor honoured: a model cannot
 * answer for the person. Only for clients that cannot be asked is `confirm: true`
 * the fallback, which the model should set only after asking the user itself.
 */
export type ConfirmAnswer = 'accept' | 'decline' | 'cancel';

/** A multi-round-trip `input_required` result: the question, asked through the protocol (2026-07-28 wire, 2025 shim). */
export interface AskResult {
  readonly resultType: 'input_required';
  readonly [key: string]: unknown;
}

/** What one call may ask of the person behind the client. */
export interface Asker {
  /** The person's answer to the question about exactly this call, when this request carries one. */
  answer(fingerprint: string): ConfirmAnswer | undefined;
  /** The result that asks the question; the client asks the person and calls again with the answer. */
  ask(options: { message: string; fingerprint: string }): AskResult;
}

export type Confirmation = { readonly proceed: true } | { readonly refused: string } | { readonly ask: AskResult };

export function confirmation(options: {
  name: string;
  confirmArg: string;
  confirmed: boolean;
  asker: Asker | undefined;
  /** The call as a person reads it: operation, method, filled path, key arguments. */
  prompt: string;
  /** Binds an answer to this call: the same tool with the same arguments. */
  fingerprint: string;
}): Confirmation {
  const { asker, prompt, fingerprint } = options;
  if (!asker)
    return options.confirmed
      ? { proceed: true }
      : {
          refused: `Refused: ${options.name} is destructive. Ask the user, then call again with ${options.confirmArg}: true. Nothing was sent upstream.`,
        };
  const answer = asker.answer(fingerprint);
  if (answer === 'accept') return { proceed: true };
  if (answer === 'decline') return { refused: `Declined: the user declined ${prompt}. Nothing was sent upstream.` };
  if (answer === 'cancel')
    return {
      refused: `Cancelled: the user dismissed the question about ${prompt} without answering. Nothing was sent upstream.`,
    };
  return { ask: asker.ask({ message: `Run ${prompt}? It is destructive and cannot be undone.`, fingerprint }) };
}
