// Start-up configuration errors. They are not HTTP errors (src/errors.ts): they abort start-up
// with every problem listed at once, so an operator fixes the whole file in one go.

import type { ConfigProblem } from './types.ts';

/** Thrown by `loadConfig` / `parseConfig`; `message` lists the problems one per line. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
    this.problems = Object.freeze(problems.map((problem) => Object.freeze({ ...problem })));
  }
}

/** Collects problems while the configuration is read, in discovery order. */
export class ProblemList {
  readonly items: ConfigProblem[] = [];

  add(path: string, message: string): void {
    this.items.push({ path, message });
  }

  get isEmpty(): boolean {
    return this.items.length === 0;
  }

  /** Throws a ConfigError when anything was collected. */
  throwIfAny(): void {
    if (!this.isEmpty) throw new ConfigError(this.items);
  }
}

function formatProblems(problems: readonly ConfigProblem[]): string {
  const lines = problems.map((problem) =>
    problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`,
  );
  const noun = problems.length === 1 ? 'problem' : 'problems';

  return [`invalid configuration (${problems.length} ${noun}):`, ...lines].join('\n');
}
