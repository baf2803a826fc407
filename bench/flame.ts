/**
 * `npm run bench -- flame --profile <file.cpuprofile> [--last S] [--out file.svg] [--title T]`:
 * draws a V8 CPU profile (from `node --cpu-prof`, e.g. a bench server run with
 * `BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`) as a flame graph in a standalone
 * SVG, callers above callees (an icicle). `--last S` keeps only the samples of the last S seconds,
 * the measured phase of a bench after its set-up. Idle samples are left out, so widths are shares
 * of the busy time. Our code is orange, libraries green, Node's internals blue.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { escapeXml } from './lib/svg-chart.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

interface Frame {
  readonly label: string;
  samples: number;
  readonly children: Map<string, Frame>;
}

const ROW = 17;
const WIDTH = 1200;

export async function run(argv: string[]): Promise<void> {
  const program = new Command('flame')
    .requiredOption('--profile <file>', 'a .cpuprofile written by node --cpu-prof')
    .option('--last <seconds>', 'draw only the samples of the last seconds', 'Infinity')
    .option('--out <file>', 'the SVG to write', 'bench/results/flame.svg')
    .option('--title <text>', 'the title drawn above the graph')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const flags = program.opts<{ profile: string; last: string; out: string; title?: string }>();
  const file = flags.profile;
  const last = Number(flags.last);
  if (!(last > 0)) throw new Error('--last must be a positive number of seconds');
  const out = flags.out;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const root = collapse(profile, last);
  writeFileSync(out, render(root, flags.title ?? `CPU profile: ${file.split('/').pop()}`));
  process.stdout.write(`${root.samples} busy samples drawn; wrote ${out}\n`);
}

/** The busy samples (within the last `seconds`) merged into one tree of call paths. */
function collapse(profile: Profile, seconds: number): Frame {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const times: number[] = [];
  let at = profile.startTime;
  for (const delta of profile.timeDeltas) {
    at += delta;
    times.push(at);
  }
  const from = profile.endTime - seconds * 1e6;
  const root: Frame = { label: 'all busy samples', samples: 0, children: new Map() };
  profile.samples.forEach((id, index) => {
    if ((times[index] ?? 0) < from) return;
    const path: string[] = [];
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const node = byId.get(current);
      if (node !== undefined) path.push(label(node));
    }
    path.reverse();
    if (path[1] === '(idle)') return;
    root.samples += 1;
    let frame = root;
    for (const name of path.slice(1)) {
      let child = frame.children.get(name);
      if (child === undefined) {
        child = { label: name, samples: 0, children: new Map() };
        frame.children.set(name, child);
      }
      child.samples += 1;
      frame = child;
    }
  });
  return root;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/(node_modules|src)\//, '$1/').replace(/^file:\/\//, '');
  return where === ''
    ? functionName || '(anonymous)'
    : `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
}

function color(name: string): string {
  if (name.includes(' src/')) return '#f4a259';
  if (name.includes(' node_modules/')) return '#8cc084';
  if (name.includes(' node:')) return '#7aa6d6';
  return '#c9c9c9';
}

function render(root: Frame, title: string): string {
  const rects: string[] = [];
  let depth = 0;
  const draw = (frame: Frame, x: number, level: number) => {
    const width = (frame.samples / Math.max(1, root.samples)) * WIDTH;
    if (width < 0.6) return;
    depth = Math.max(depth, level);
    const y = 30 + level * ROW;
    const share = ((100 * frame.samples) / Math.max(1, root.samples)).toFixed(1);
    const text = width > 40 ? clip(`${frame.label} ${share}%`, Math.floor(width / 6.4)) : '';
    rects.push(
      `<g><title>${escapeXml(`${frame.label}: ${share}% (${frame.samples} samples)`)}</title>` +
        `<rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${ROW - 1}" fill="${color(frame.label)}"/>` +
        (text === '' ? '' : `<text x="${(x + 3).toFixed(1)}" y="${y + 12}">${escapeXml(text)}</text>`) +
        '</g>',
    );
    let next = x;
    for (const child of [...frame.children.values()].sort((a, b) => b.samples - a.samples)) {
      draw(child, next, level + 1);
      next += (child.samples / Math.max(1, root.samples)) * WIDTH;
    }
  };
  draw(root, 0, 0);
  const height = 30 + (depth + 1) * ROW + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="monospace" font-size="11" role="img">
<title>${escapeXml(title)}</title>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="4" y="18" font-size="14">${escapeXml(title)}</text>
${rects.join('\n')}
</svg>
`;
}

function clip(text: string, characters: number): string {
  return text.length <= characters ? text : `${text.slice(0, Math.max(0, characters - 1))}…`;
}
