import { describe, expect, it } from 'vitest';
import type { Selectable } from '../src/select.js';
import { ALL_PROFILES, selectTools, tagsForProfiles, UnknownProfileError } from '../src/select.js';
import { DEFAULT_TAGS, names, target, tools } from './fixtures.js';

const items: Selectable[] = [
  { name: 'endpoint_list', tags: ['endpoints'], safety: 'read' },
  { name: 'endpoint_delete', tags: ['endpoints'], safety: 'destructive' },
  { name: 'stack_start', tags: ['stacks'], safety: 'execute' },
  { name: 'user_create', tags: ['users'], safety: 'write' },
  { name: 'motd', tags: ['motd'], safety: 'read' },
  { name: 'multi_tag', tags: ['teams', 'users'], safety: 'read' },
  { name: 'untagged', tags: [], safety: 'read' },
  { name: 'docker_proxy', tags: ['docker'] },
];

describe('ALL_PROFILES', () => {
  it('is the keyword of the official Portainer server', () => {
    expect(ALL_PROFILES).toBe('ALL');
  });
});

describe('tagsForProfiles', () => {
  const profiles = target.profiles;

  it('returns the sorted union of the tags of the requested profiles', () => {
    expect(tagsForProfiles({ requested: [...target.defaultProfiles], profiles })).toEqual(DEFAULT_TAGS);
    expect(tagsForProfiles({ requested: ['GITOPS'], profiles })).toEqual(['gitops']);
  });

  it('matches profile names case-insensitively and ignores surrounding blanks and empty names', () => {
    expect(tagsForProfiles({ requested: [' docker ', '', 'Gitops'], profiles })).toEqual([
      'docker',
      'endpoints',
      'gitops',
      'stacks',
    ]);
  });

  it('returns all when ALL is requested, in any case and alongside other names', () => {
    expect(tagsForProfiles({ requested: ['ALL'], profiles })).toBe('all');
    expect(tagsForProfiles({ requested: ['BASE', 'all'], profiles })).toBe('all');
    // ALL wins before names are looked up, so an unknown name next to it is not reported.
    expect(tagsForProfiles({ requested: ['NOPE', 'ALL'], profiles })).toBe('all');
  });

  it('adds extra tags and sorts them in', () => {
    expect(tagsForProfiles({ requested: ['GITOPS'], profiles, extraTags: ['webhooks', 'auth', 'gitops'] })).toEqual([
      'auth',
      'gitops',
      'webhooks',
    ]);
  });

  it('returns only the extra tags when no profile is requested', () => {
    expect(tagsForProfiles({ requested: [], profiles, extraTags: ['users'] })).toEqual(['users']);
    expect(tagsForProfiles({ requested: [], profiles })).toEqual([]);
  });

  it('throws UnknownProfileError naming the profile and the known ones', () => {
    let caught: unknown;
    try {
      tagsForProfiles({ requested: ['BASE', 'swarm'], profiles });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownProfileError);
    const error = caught as UnknownProfileError;
    expect(error.profile).toBe('SWARM');
    expect(error.known).toEqual(['BASE', 'DOCKER', 'KUBERNETES', 'GITOPS', 'EDGE', 'ADMIN']);
    expect(error.message).toBe("unknown profile 'SWARM' (known: BASE, DOCKER, KUBERNETES, GITOPS, EDGE, ADMIN, ALL)");
  });
});

describe('selectTools', () => {
  it('keeps items with at least one selected tag, in their original order', () => {
    expect(names(selectTools(items, { tags: ['users', 'endpoints'] }))).toEqual([
      'endpoint_list',
      'endpoint_delete',
      'user_create',
      'multi_tag',
    ]);
  });

  it('keeps everything when the tag filter is off', () => {
    expect(names(selectTools(items, { tags: 'all' }))).toEqual(names(items));
  });

  it('keeps nothing for an empty tag list', () => {
    expect(selectTools(items, { tags: [] })).toEqual([]);
  });

  it('does not select untagged items by tag', () => {
    expect(names(selectTools(items, { tags: DEFAULT_TAGS }))).not.toContain('untagged');
  });

  it('serves included names whatever their tags', () => {
    expect(names(selectTools(items, { tags: ['motd'], includeNames: ['user_create', 'untagged'] }))).toEqual([
      'user_create',
      'motd',
      'untagged',
    ]);
  });

  it('lets excluded names win over tags, includes and all', () => {
    expect(names(selectTools(items, { tags: 'all', excludeNames: ['endpoint_delete', 'docker_proxy'] }))).toEqual([
      'endpoint_list',
      'stack_start',
      'user_create',
      'motd',
      'multi_tag',
      'untagged',
    ]);
    expect(selectTools(items, { tags: ['motd'], includeNames: ['motd'], excludeNames: ['motd'] })).toEqual([]);
  });

  it('filters by safety class but keeps items whose safety is decided per call', () => {
    expect(names(selectTools(items, { tags: 'all', allowedSafety: ['read'] }))).toEqual([
      'endpoint_list',
      'motd',
      'multi_tag',
      'untagged',
      'docker_proxy',
    ]);
    expect(names(selectTools(items, { tags: 'all', allowedSafety: ['read', 'execute'] }))).toContain('stack_start');
  });

  it('applies the safety filter to included names too', () => {
    expect(selectTools(items, { tags: [], includeNames: ['user_create'], allowedSafety: ['read'] })).toEqual([]);
  });

  it('returns the same objects it was given, with their full type', () => {
    const selected = selectTools(tools, { tags: ['settings'] });
    expect(selected).toHaveLength(1);
    expect(selected[0]).toBe(tools.find((tool) => tool.name === 'settings_inspect'));
    expect(selected[0]?.kind).toBe('operation');
  });

  it('selects the fixture tools of the default profiles', () => {
    expect(names(selectTools(tools, { tags: DEFAULT_TAGS }))).toEqual([
      'endpoint_list',
      'endpoint_inspect',
      'endpoint_delete',
      'container_image_status',
      'settings_inspect',
      'stack_create_docker_standalone_string',
      'docker_proxy',
      'kubernetes_proxy',
    ]);
  });
});
