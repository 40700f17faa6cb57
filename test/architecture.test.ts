import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve('src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : [],
  );
}

/** Each module under src/ with the modules it imports (relative imports, type-only ones too), as paths under src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^(?:import|export)\b[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms)].map((m) =>
      path.relative(SRC, path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts'))),
    );
    graph.set(path.relative(SRC, file), targets);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('module structure', () => {
  const graph = importGraph();

  it('has no import cycles', () => {
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  // Adapters translate; the core, the config and the features never depend on one (README, Development).
  it('imports an adapter only from adapters and the composition roots', () => {
    const roots = new Set(['bot.ts', 'main.ts', 'index.ts']);
    const offenders = [...graph].flatMap(([from, targets]) =>
      from.startsWith('adapters/') || roots.has(from) ? [] : targets.filter((t) => t.startsWith('adapters/')).map((t) => `${from} → ${t}`),
    );
    expect(offenders).toEqual([]);
  });
});
