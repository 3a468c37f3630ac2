import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServer, SUBJECTS } from '../../eval/src/subjects.js';
import { blindFileOf, checkTasks, halfOf, readBlindTasks, readTasks } from '../../eval/src/tasks.js';
import { baselineRanker } from '../../eval/src/baseline.js';
import { wilson } from '../../eval/src/metrics.js';
import { searchOperations } from '../../packages/runtime/src/server/search.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('evaluation sets', () => {
  it('put a question in the same half whatever its case or surrounding spaces', () => {
    expect(halfOf('Delete VM 100')).toBe(halfOf(' delete vm 100 '));
  });

  for (const subject of SUBJECTS) {
    it(`${subject.label}: at least 150 tasks, both halves sizeable, every acceptable tool a real tool`, async () => {
      const tasks = readTasks(path.join(ROOT, subject.tasksFile));
      expect(tasks.length).toBeGreaterThanOrEqual(150);
      const dev = tasks.filter((task) => task.half === 'dev').length;
      expect(Math.min(dev, tasks.length - dev)).toBeGreaterThan(tasks.length / 3);
      expect(new Set(tasks.map((task) => task.kind)).size).toBe(6);
      const server = await loadServer({ root: ROOT, subject });
      expect(() => checkTasks({ tasks, tools: new Set(server.registry.entries.keys()) })).not.toThrow();
    });
  }

  for (const subject of SUBJECTS) {
    it(`${subject.label}: a held-out set beside the tasks, at least 70 tasks, half vague, all heldout, every tool real`, async () => {
      const file = blindFileOf({ tasksFile: subject.tasksFile, half: 'heldout' });
      expect(file).toBe(path.join('eval', 'heldout', path.basename(subject.tasksFile)));
      const tasks = readBlindTasks({ file: path.join(ROOT, file), half: 'heldout' });
      expect(tasks.length).toBeGreaterThanOrEqual(70);
      expect(tasks.filter((task) => task.kind === 'vague').length).toBeGreaterThanOrEqual(35);
      // The file decides the half, not the hash: none of these may land in dev and be tuned on.
      expect(tasks.every((task) => task.half === 'heldout')).toBe(true);
      const server = await loadServer({ root: ROOT, subject });
      expect(() => checkTasks({ tasks, tools: new Set(server.registry.entries.keys()) })).not.toThrow();
    });
  }

  for (const subject of SUBJECTS) {
    it(`${subject.label}: a blind tuning set beside the tasks, at least 70 tasks, all tune, every tool real`, async () => {
      const file = blindFileOf({ tasksFile: subject.tasksFile, half: 'tune' });
      expect(file).toBe(path.join('eval', 'tune', path.basename(subject.tasksFile)));
      const tasks = readBlindTasks({ file: path.join(ROOT, file), half: 'tune' });
      expect(tasks.length).toBeGreaterThanOrEqual(70);
      // The file decides the half: a tuning task can never land in test and be reported.
      expect(tasks.every((task) => task.half === 'tune')).toBe(true);
      const server = await loadServer({ root: ROOT, subject });
      expect(() => checkTasks({ tasks, tools: new Set(server.registry.entries.keys()) })).not.toThrow();
    });
  }

  it('refuse a task naming a tool the package does not have', () => {
    const task = { kind: 'read' as const, query: 'x', accept: ['nope'], half: 'dev' as const, where: 'f:1' };
    expect(() => checkTasks({ tasks: [task], tools: new Set(['yes']) })).toThrow('f:1: no tool named nope');
  });
});

describe('recall interval', () => {
  it('is the 95% Wilson interval: wide for a handful of tasks, narrower for a few dozen, within 0..1', () => {
    const [low7, high7] = wilson({ hits: 4, count: 7 });
    expect(low7).toBeCloseTo(0.25, 2);
    expect(high7).toBeCloseTo(0.84, 2);
    const [low29, high29] = wilson({ hits: 9, count: 29 });
    expect(high29 - low29).toBeLessThan(high7 - low7);
    expect(wilson({ hits: 5, count: 5 })[1]).toBeLessThanOrEqual(1);
    expect(wilson({ hits: 0, count: 0 })).toEqual([0, 1]);
  });
});

describe('plain BM25 baseline', () => {
  it('ranks the document with the rarer matching word first and drops documents without one', () => {
    const rank = baselineRanker([
      { name: 'a', text: 'list stacks' },
      { name: 'b', text: 'list users' },
      { name: 'c', text: 'delete teams' },
    ]);
    expect(rank('list users')).toEqual(['b', 'a']);
  });
});

describe('Docker and Kubernetes tasks on the generated Portainer package', () => {
  it('surface docker_proxy (or a typed Docker tool) and kubernetes_proxy in the top 5', async () => {
    const server = await loadServer({ root: ROOT, subject: SUBJECTS[0]! });
    const top5 = (query: string) => {
      const answer = searchOperations({
        registry: server.registry,
        context: server.context,
        request: { query, limit: 5 },
      });
      return ((answer.structuredContent?.matches ?? []) as { name: string }[]).map((match) => match.name);
    };
    // docker_proxy, or a typed Docker Engine tool where the package has one (docker_container_logs, ...).
    const engine = /^docker_(proxy|container_|image_|volume_|network_)/;
    for (const query of [
      'restart the nginx container',
      'show the logs of web-1',
      'remove the redis image',
      'list the volumes on my docker host',
      'inspect the network frontend',
    ]) {
      expect(
        top5(query).some((name) => engine.test(name)),
        `${query}: ${top5(query).join(' ')}`,
      ).toBe(true);
    }
    for (const query of [
      'get the logs of pod api-123',
      'scale deployment api to 2 replicas',
      'list the pods of namespace shop',
    ]) {
      expect(top5(query), query).toContain('kubernetes_proxy');
    }
  });
});
