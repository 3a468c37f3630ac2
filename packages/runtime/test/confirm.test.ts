import { describe, expect, it } from 'vitest';
import { confirmation, type Elicit } from '../src/safety/confirm.js';

function asking(answer: boolean | undefined) {
  const asked: string[] = [];
  const elicit: Elicit = async (message) => {
    asked.push(message);
    return answer;
  };
  return { elicit, asked };
}

const REFUSED = 'Refused: stop_qemu is destructive. Ask the user, then call again with confirm: true. Nothing was sent upstream.';
const base = { name: 'stop_qemu', confirmArg: 'confirm', what: 'stop_qemu' };

describe('confirmation', () => {
  it('lets a call confirmed by its argument through without asking', async () => {
    const { elicit, asked } = asking(false);
    expect(await confirmation({ ...base, confirmed: true, elicit })).toBeUndefined();
    expect(await confirmation({ ...base, confirmed: true, elicit: undefined })).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('refuses an unconfirmed call when the client cannot be asked, saying how to confirm', async () => {
    expect(await confirmation({ ...base, confirmed: false, elicit: undefined })).toBe(REFUSED);
  });

  it('asks once, describing the call, and lets it through when the user accepts', async () => {
    const { elicit, asked } = asking(true);
    expect(await confirmation({ name: 'api_request', confirmArg: 'confirm', what: 'api_request DELETE /pools/test', confirmed: false, elicit })).toBeUndefined();
    expect(asked).toEqual(['Run api_request DELETE /pools/test? This is destructive and cannot be undone.']);
  });

  it('cancels when the user declines, naming the call', async () => {
    const { elicit, asked } = asking(false);
    expect(await confirmation({ name: 'api_request', confirmArg: 'confirm', what: 'api_request DELETE /pools/test', confirmed: false, elicit })).toBe(
      'Cancelled: the user declined api_request DELETE /pools/test. Nothing was sent upstream.',
    );
    expect(asked).toHaveLength(1);
  });

  it('falls back to the confirm argument when the client gives no answer', async () => {
    const { elicit, asked } = asking(undefined);
    expect(await confirmation({ ...base, confirmed: false, elicit })).toBe(REFUSED);
    expect(asked).toHaveLength(1);
  });

  it('names the tool, not the call description, in the fallback refusal', async () => {
    expect(await confirmation({ name: 'api_request', confirmArg: 'confirm', what: 'api_request DELETE /pools/test', confirmed: false, elicit: undefined })).toBe(
      'Refused: api_request is destructive. Ask the user, then call again with confirm: true. Nothing was sent upstream.',
    );
  });

  it('names the confirm argument it is given, so a tool whose control argument is `_confirm` says so', async () => {
    expect(await confirmation({ ...base, confirmArg: '_confirm', confirmed: false, elicit: undefined })).toBe(
      'Refused: stop_qemu is destructive. Ask the user, then call again with _confirm: true. Nothing was sent upstream.',
    );
  });
});
