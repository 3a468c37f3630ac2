import { describe, expect, it } from 'vitest';
import * as runtime from '../src/index.js';
import { prepare, runServer } from '../src/server/start.js';
import { ALL_PROFILES, selectTools, tagsForProfiles, UnknownProfileError } from '../src/select.js';

describe('public surface', () => {
  it('exports exactly the selection and start-up entry points', () => {
    expect(Object.keys(runtime).sort()).toEqual(['ALL_PROFILES', 'UnknownProfileError', 'prepare', 'runServer', 'selectTools', 'tagsForProfiles']);
  });

  it('re-exports the implementations themselves', () => {
    expect(runtime.ALL_PROFILES).toBe(ALL_PROFILES);
    expect(runtime.selectTools).toBe(selectTools);
    expect(runtime.tagsForProfiles).toBe(tagsForProfiles);
    expect(runtime.UnknownProfileError).toBe(UnknownProfileError);
    expect(runtime.prepare).toBe(prepare);
    expect(runtime.runServer).toBe(runServer);
  });
});
