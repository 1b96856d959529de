// Top-level `headers`: global response header rules (SPEC §2.5, applied per §6.10).

import { Section } from './read.ts';
import type { HeaderRule } from './types.ts';

/** Reads the rule list in file order; rules are matched first-wins at request time. */
export function readHeaderRules(root: Section): HeaderRule[] {
  const rules: HeaderRule[] = [];

  for (const item of root.items('headers') ?? []) {
    const rule = Section.of(item.node, item.path, root.problems);
    const statusCodes = rule.intList('statusCodes') ?? [];

    statusCodes.forEach((status, index) => {
      if (status < 100 || status > 599) {
        const path = `${rule.pathOf('statusCodes')}[${index}]`;
        rule.problems.add(path, `${status} is not an HTTP status`);
      }
    });

    rules.push({
      statusCodes,
      values: rule.stringMap('values') ?? {},
      override: rule.bool('override') ?? false,
    });
  }

  return rules;
}
