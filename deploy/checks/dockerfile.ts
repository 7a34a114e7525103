import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDockerignore } from './dockerignore';
import type { Problem } from './problem';

interface Instruction {
  keyword: string;
  value: string;
  line: number;
}

interface Stage {
  name: string | undefined;
  base: string;
  line: number;
  instructions: Instruction[];
}

export interface DockerfileCheckOptions {
  dockerfile: string;
  /** The build context: the repository root, with package.json and package-lock.json. */
  context: string;
  /** Target stage → the npm script its CMD must run. */
  targets: Record<string, string>;
  /** Targets that serve HTTP and so need a real HEALTHCHECK. */
  httpTargets: string[];
}

/** Reads a Dockerfile into stages of instructions (continuations joined, comments dropped). */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const first = index + 1;
    let logical = lines[index]!;
    if (logical.trim() === '' || logical.trim().startsWith('#')) continue;
    while (/\\\s*$/.test(logical) && index + 1 < lines.length) {
      index += 1;
      const next = lines[index]!;
      logical = logical.replace(/\\\s*$/, ' ') + (next.trim().startsWith('#') ? '' : next);
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(logical);
    if (!match) continue;
    const instruction = { keyword: match[1]!.toUpperCase(), value: match[2]!.trim(), line: first };
    if (instruction.keyword === 'FROM') {
      const words = instruction.value.split(/\s+/).filter((word) => !word.startsWith('--'));
      const as = words.findIndex((word) => word.toLowerCase() === 'as');
      stages.push({
        name: as === -1 ? undefined : words[as + 1],
        base: words[0] ?? '',
        line: first,
        instructions: [],
      });
    } else if (stages.length > 0) stages.at(-1)!.instructions.push(instruction);
  }
  return stages;
}

/** An exec-form (JSON) or shell-form value as words. */
function words(value: string): string[] {
  if (value.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: Docker runs it in a shell.
    }
  }
  return value.split(/\s+/).filter(Boolean);
}

function flagsAndArguments(value: string): { flags: Map<string, string>; rest: string[] } {
  const flags = new Map<string, string>();
  const all = words(value);
  let index = 0;
  while (index < all.length && all[index]!.startsWith('--')) {
    const [flag, flagValue = ''] = all[index]!.slice(2).split('=', 2);
    flags.set(flag!, flagValue);
    index += 1;
  }
  return { flags, rest: all.slice(index) };
}

export function checkDockerfile(options: DockerfileCheckOptions): Problem[] {
  const problems: Problem[] = [];
  const { dockerfile, context } = options;
  const report = (line: number | undefined, message: string) =>
    problems.push({ file: line ? `${dockerfile}:${line}` : dockerfile, message });
  if (!existsSync(dockerfile)) {
    report(undefined, 'missing');
    return problems;
  }
  const stages = parseDockerfile(readFileSync(dockerfile, 'utf8'));
  if (stages.length === 0) report(undefined, 'has no FROM');
  const byName = new Map(stages.filter((stage) => stage.name).map((stage) => [stage.name!, stage]));
  const ignoreFile = path.join(context, '.dockerignore');
  const ignored = existsSync(ignoreFile) ? createDockerignore(readFileSync(ignoreFile, 'utf8')) : () => false;
  if (!existsSync(ignoreFile)) report(undefined, `no .dockerignore in the build context ${context}`);
  const scripts = readScripts(context);

  const parentOf = (stage: Stage) => byName.get(stage.base);
  /** The last value of an instruction in a stage or the stages it is built on. */
  const effective = (stage: Stage, keyword: string): Instruction | undefined => {
    for (
      let current: Stage | undefined = stage, depth = 0;
      current && depth < stages.length;
      current = parentOf(current), depth += 1
    ) {
      const own = current.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
      if (own) return own;
    }
    return undefined;
  };
  const workdir = (stage: Stage) => effective(stage, 'WORKDIR')?.value ?? '/';

  const referenced = new Set<string>();
  stages.forEach((stage, position) => {
    const earlier = new Set(stages.slice(0, position).flatMap((other) => (other.name ? [other.name] : [])));
    if (earlier.has(stage.base)) referenced.add(stage.base);
    else checkBaseImage(stage.base, (message) => report(stage.line, message));
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
        const { flags, rest } = flagsAndArguments(instruction.value);
        const sources = rest.slice(0, -1);
        if (rest.length < 2)
          report(instruction.line, `${instruction.keyword} needs a source and a destination`);
        const from = flags.get('from');
        if (from !== undefined) {
          if (earlier.has(from)) referenced.add(from);
          else if (!/[:/@]/.test(from))
            report(instruction.line, `COPY --from=${from}: no earlier stage has that name`);
          continue;
        }
        for (const source of sources) {
          if (/^https?:\/\//.test(source)) continue;
          const relative = path.posix.normalize(source).replace(/^\.\/?/, '');
          if (/[*?[]/.test(relative)) continue;
          if (!existsSync(path.join(context, relative)))
            report(
              instruction.line,
              `${instruction.keyword} source ${source} does not exist in the build context`,
            );
          else if (relative !== '' && ignored(relative))
            report(instruction.line, `${instruction.keyword} source ${source} is excluded by .dockerignore`);
        }
      }
      if (['RUN', 'CMD', 'ENTRYPOINT'].includes(instruction.keyword)) {
        for (const script of npmRunScripts(words(instruction.value).join(' '))) {
          const known =
            script.workspace === undefined ? scripts.root : scripts.workspaces.get(script.workspace);
          if (!known)
            report(instruction.line, `npm run ${script.name} -w ${script.workspace}: no such workspace`);
          else if (!known.has(script.name))
            report(
              instruction.line,
              `npm run ${script.name}: no such script in ${script.workspace ?? 'the root'} package.json`,
            );
        }
      }
    }
  });

  const finals = stages.filter((stage) => !stage.name || !referenced.has(stage.name));
  for (const stage of finals) {
    const label = stage.name ?? `stage at line ${stage.line}`;
    const user = effective(stage, 'USER')?.value;
    if (!user) report(stage.line, `final stage ${label} sets no USER: it would run as root`);
    else if (/^(root|0)(:.*)?$/.test(user)) report(stage.line, `final stage ${label} runs as ${user}`);
    if (!effective(stage, 'HEALTHCHECK'))
      report(
        stage.line,
        `final stage ${label} has no HEALTHCHECK (write HEALTHCHECK NONE if it serves nothing)`,
      );
  }
  for (const [target, script] of Object.entries(options.targets)) {
    const stage = byName.get(target);
    if (!stage) {
      report(undefined, `no stage named ${target} (one target per process kind)`);
      continue;
    }
    if (!finals.includes(stage))
      report(stage.line, `target ${target} is used by another stage; keep process kinds as final stages`);
    const command = effective(stage, 'CMD') ?? effective(stage, 'ENTRYPOINT');
    const runs = command ? npmRunScripts(words(command.value).join(' ')).map((found) => found.name) : [];
    if (!runs.includes(script))
      report(
        stage.line,
        `target ${target} should run "npm run ${script}" (its CMD is ${command ? command.value : 'missing'})`,
      );
    const healthcheck = effective(stage, 'HEALTHCHECK');
    if (options.httpTargets.includes(target) && (!healthcheck || /^NONE\b/i.test(healthcheck.value)))
      report(stage.line, `target ${target} serves HTTP but has no HEALTHCHECK`);
  }

  for (const message of checkRuntimeTools(context, stages, workdir)) report(undefined, message);
  return problems;
}

/** Images are pinned at least to a major version: node:20-bookworm-slim, not node or node:latest. */
function checkBaseImage(image: string, report: (message: string) => void) {
  if (image === 'scratch' || image.includes('@sha256:')) return;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  if (!tag)
    report(`base image ${image} has no tag; pin it at least to a major version (node:20-bookworm-slim)`);
  else if (!/^v?\d/.test(tag)) report(`base image ${image} is not pinned to a version (tag "${tag}")`);
}

function readScripts(context: string): { root: Set<string>; workspaces: Map<string, Set<string>> } {
  const read = (file: string) =>
    JSON.parse(readFileSync(file, 'utf8')) as {
      name?: string;
      scripts?: Record<string, string>;
      workspaces?: string[];
    };
  const rootFile = path.join(context, 'package.json');
  if (!existsSync(rootFile)) return { root: new Set(), workspaces: new Map() };
  const root = read(rootFile);
  const workspaces = new Map<string, Set<string>>();
  for (const folder of root.workspaces ?? []) {
    const file = path.join(context, folder, 'package.json');
    if (!existsSync(file)) continue;
    const workspace = read(file);
    const names = new Set(Object.keys(workspace.scripts ?? {}));
    workspaces.set(folder, names);
    if (workspace.name) workspaces.set(workspace.name, names);
  }
  return { root: new Set(Object.keys(root.scripts ?? {})), workspaces };
}

/** `npm run <name>` (or run-script) calls in a command line, with their -w/--workspace when given. */
export function npmRunScripts(command: string): Array<{ name: string; workspace: string | undefined }> {
  const found: Array<{ name: string; workspace: string | undefined }> = [];
  for (const segment of command.split(/&&|\|\||;|\|/)) {
    const tokens = segment.trim().split(/\s+/);
    const npm = tokens.findIndex(
      (token, index) => token === 'npm' && ['run', 'run-script'].includes(tokens[index + 1] ?? ''),
    );
    if (npm === -1) continue;
    let name: string | undefined;
    let workspace: string | undefined;
    for (let index = npm + 2; index < tokens.length; index += 1) {
      const token = tokens[index]!;
      if (token === '--') break;
      if (token === '-w' || token === '--workspace') workspace = tokens[(index += 1)];
      else if (/^(-w|--workspace)=/.test(token)) workspace = token.split('=')[1];
      else if (token.startsWith('-')) continue;
      else if (name === undefined) name = token;
    }
    if (name) found.push({ name, workspace });
  }
  return found;
}

/**
 * The app runs through tsx. When tsx is a devDependency and the image installs
 * production dependencies only, the Dockerfile must copy tsx and everything tsx
 * needs at run time (per the lockfile) into the production tree.
 */
function checkRuntimeTools(context: string, stages: Stage[], workdir: (stage: Stage) => string): string[] {
  const lockFile = path.join(context, 'package-lock.json');
  if (!existsSync(lockFile)) return ['no package-lock.json in the build context'];
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { packages?: Record<string, LockEntry> };
  const packages = lock.packages ?? {};
  const tsx = packages['node_modules/tsx'];
  if (!tsx) return ['tsx is not in package-lock.json, but the app runs through it'];
  const installs = stages
    .flatMap((stage) => stage.instructions)
    .filter(
      (instruction) => instruction.keyword === 'RUN' && /\bnpm\s+(ci|install)\b/.test(instruction.value),
    );
  const productionOnly = installs.some((instruction) =>
    /--omit[= ]dev|--production\b|--only[= ]prod/.test(instruction.value),
  );
  if (!tsx.dev || !productionOnly) return [];
  const copied = stages.flatMap((stage) =>
    stage.instructions
      .filter((instruction) => instruction.keyword === 'COPY' && instruction.value.includes('--from='))
      .flatMap((instruction) => {
        const { flags, rest } = flagsAndArguments(instruction.value);
        const source = stages.find((other) => other.name === flags.get('from'));
        const base = source ? workdir(source) : '/';
        return rest.slice(0, -1).map((item) => path.posix.relative(base, path.posix.resolve(base, item)));
      }),
  );
  const problems: string[] = [];
  for (const needed of dependencyClosure(packages, 'node_modules/tsx', problems)) {
    if (!copied.some((item) => needed === item || needed.startsWith(`${item}/`))) {
      problems.push(
        `tsx is a devDependency and the image installs with --omit=dev, but ${needed} (needed by tsx at run time) is not copied into it`,
      );
    }
  }
  return problems;
}

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Lockfile paths of a package and what it needs on Linux, resolved the way Node resolves them. */
export function dependencyClosure(
  packages: Record<string, LockEntry>,
  start: string,
  problems: string[],
): string[] {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const key = queue.shift()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = packages[key]!;
    const optional = new Set(Object.keys(entry.optionalDependencies ?? {}));
    for (const name of [...Object.keys(entry.dependencies ?? {}), ...optional]) {
      const resolved = resolveInLock(packages, key, name);
      if (!resolved) {
        if (!optional.has(name)) problems.push(`${key} needs ${name}, which package-lock.json does not hold`);
        continue;
      }
      const os = packages[resolved]!.os;
      if (optional.has(name) && os && !os.includes('linux')) continue;
      queue.push(resolved);
    }
  }
  return [...seen];
}

function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  while (true) {
    const candidate = `${base}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    const cut = base.lastIndexOf('/node_modules/');
    if (cut === -1) break;
    base = base.slice(0, cut);
  }
  return packages[`node_modules/${name}`] ? `node_modules/${name}` : undefined;
}
