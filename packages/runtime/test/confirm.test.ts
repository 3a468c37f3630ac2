import { describe, expect, it } from 'vitest';
import { type Asker, type ConfirmAnswer, confirmation } from '../src/safety/confirm.js';

/** An asker that records its questions and holds a given answer for one fingerprint. */
function asking(answer: ConfirmAnswer | undefined, answeredFingerprint = 'fp') {
  const asked: { message: string; fingerprint: string }[] = [];
  const asker: Asker = {
    answer: (fingerprint) => (fingerprint === answeredFingerprint ? answer : undefined),
    ask: (question) => {
      asked.push(question);
      return { resultType: 'input_required', question };
    },
  };
  return { asker, asked };
}

const REFUSED =
  'Refused: stop_qemu is destructive. Ask the user, then call again with confirm: true. Nothing was sent upstream.';
const base = {
  name: 'stop_qemu',
  confirmArg: 'confirm',
  prompt: 'stop_qemu: POST /nodes/pve1/qemu/100/status/stop',
  fingerprint: 'fp',
};

describe('confirmation', () => {
  it('falls back to the confirm argument only when the client cannot be asked', () => {
    expect(confirmation({ ...base, confirmed: true, asker: undefined })).toEqual({ proceed: true });
    expect(confirmation({ ...base, confirmed: false, asker: undefined })).toEqual({ refused: REFUSED });
  });

  it('asks a client that can be asked even when confirm is true, naming the call', () => {
    const { asker, asked } = asking(undefined);
    const outcome = confirmation({ ...base, confirmed: true, asker });
    expect(outcome).toEqual({ ask: { resultType: 'input_required', question: asked[0] } });
    expect(asked).toEqual([
      {
        message: 'Run stop_qemu: POST /nodes/pve1/qemu/100/status/stop? It is destructive and cannot be undone.',
        fingerprint: 'fp',
      },
    ]);
  });

  it('keeps accept, decline and cancel apart', () => {
    expect(confirmation({ ...base, confirmed: false, asker: asking('accept').asker })).toEqual({ proceed: true });
    expect(confirmation({ ...base, confirmed: false, asker: asking('decline').asker })).toEqual({
      refused:
        'Declined: the user declined stop_qemu: POST /nodes/pve1/qemu/100/status/stop. Nothing was sent upstream.',
    });
    expect(confirmation({ ...base, confirmed: false, asker: asking('cancel').asker })).toEqual({
      refused:
        'Cancelled: the user dismissed the question about stop_qemu: POST /nodes/pve1/qemu/100/status/stop without answering. Nothing was sent upstream.',
    });
  });

  it('asks again when the answer was given for another call', () => {
    const { asker, asked } = asking('accept', 'another call');
    expect('ask' in confirmation({ ...base, confirmed: false, asker })).toBe(true);
    expect(asked).toHaveLength(1);
  });
});
