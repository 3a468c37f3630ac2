import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServer, SUBJECTS } from '../../eval/src/subjects.js';
import { checkTasks, halfOf, readTasks } from '../../eval/src/tasks.js';
import { baselineRanker } from '../../eval/src/baseline.js';

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

  it('refuse a task naming a tool the package does not have', () => {
    const task = { kind: 'read' as const, query: 'x', accept: ['nope'], half: 'dev' as const, where: 'f:1' };
    expect(() => checkTasks({ tasks: [task], tools: new Set(['yes']) })).toThrow('f:1: no tool named nope');
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
