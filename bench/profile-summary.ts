/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time aggregated by where the code
 * lives, and the hottest functions.
 *
 *   node dist/bench/profile-summary.js <file.cpuprofile | dir> [top=15]
 *
 * With a directory, the newest `.cpuprofile` in it is read. "Where" is:
 *   node_modules/<pkg>  → the package name (`@scope/name` kept whole; the innermost node_modules wins)
 *   the project's code  → `src/<file>` (also from `dist/src/<file>.js`), `bench/…`, `schema/…`
 *   node:<module>       → `node:<module>` (Node's own JavaScript)
 *   no URL              → V8/native entries: `(garbage collector)`, `(program)` and native builtins
 *                         such as `JSONParse`, reported as `(native) <name>` when named
 * Shares are of the busy time: `(idle)` (the event loop waiting) and `(root)` are left out and
 * the idle share is printed on its own.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface Share {
  name: string;
  ms: number;
  share: number; // of busy time, 0..1
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  idleMs: number;
  busyMs: number;
  byModule: Share[];
  /** Self time, with Node's own and native frames charged to the nearest package or project file above them. */
  byCaller: Share[];
  byFunction: Share[];
  /** Coarse groups: the GraphQL stack, HTTP framework, got, logging, the project's code… */
  byGroup: Share[];
  /** The same groups, with Node's own and native time charged to the package that called it. */
  byCallerGroup: Share[];
}

const PROJECT_DIRS = ["src", "bench", "schema", "scripts"];

/** Where a URL's code lives, as a short label. */
export function moduleOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) {
    const name = frame.functionName;
    if (name.startsWith("(")) return name; // (garbage collector), (program), (idle), (root)
    return name ? "(native)" : "(native anonymous)";
  }
  if (url.startsWith("node:")) return url;
  const path = url.startsWith("file://") ? decodeURIComponent(new URL(url).pathname) : url;
  const nm = path.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = path.slice(nm + "/node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const parts = path.split("/");
  for (let i = parts.length - 2; i >= 0; i--) {
    if (PROJECT_DIRS.includes(parts[i])) {
      const inner = parts.slice(i).join("/").replace(/\.js$/, "");
      return inner;
    }
  }
  return path;
}

/** A coarse group for a module label, to say what kind of work the time went to. */
export function groupOf(module: string): string {
  if (module === "(garbage collector)") return "GC";
  if (module === "(program)" || module.startsWith("(native")) return "V8/native (program, builtins)";
  if (module.startsWith("node:")) return "Node core (http, net, streams, timers…)";
  if (module.startsWith("Node core, no package") || module.startsWith("native, no package")) return module;
  if (/^(graphql|@apollo\/|@graphql-tools\/|type-graphql|graphql-scalars|@escape\.tech\/|@as-integrations\/|@graphql-|lru-cache|whatwg-mimetype|@repeaterjs\/|@opentelemetry\/api|value-or-promise|loglevel|semver)/.test(module)) {
    return "GraphQL stack (graphql, Apollo, type-graphql, armor)";
  }
  if (/^(express|router|body-parser|raw-body|cors|finalhandler|send|serve-static|qs|iconv-lite|type-is|content-type|media-typer|mime-|negotiator|accepts|vary|on-finished|depd|parseurl|path-to-regexp|debug|ms|cookie|encodeurl|escape-html|etag|fresh|range-parser|statuses|http-errors|setprototypeof|toidentifier|destroy|unpipe|merge-descriptors|forwarded|proxy-addr|ipaddr\.js|content-disposition|safe-buffer|bytes|mime-types|mime-db|get-intrinsic|side-channel|has-symbols|is-promise|call-bind|es-errors|function-bind|hasown|gopd|dunder-proto|math-intrinsics|object-inspect|es-object-atoms|get-proto|call-bound|es-define-property|call-bind-apply-helpers)$/.test(module)) {
    return "Express and its helpers";
  }
  if (/^(got|@sindresorhus\/is|@szmarczak\/http-timer|cacheable-lookup|cacheable-request|decompress-response|form-data-encoder|lowercase-keys|mimic-response|p-cancelable|responselike|byte-counter|defer-to-connect|http2-wrapper|keyv|get-stream|normalize-url)$/.test(module)) {
    return "got and its helpers";
  }
  if (/^(pino|pino-std-serializers|sonic-boom|fast-redact|@pinojs\/redact|quick-format-unescaped|atomic-sleep|on-exit-leak-free|thread-stream|safe-stable-stringify|fast-safe-stringify)$/.test(module)) {
    return "logging (pino)";
  }
  if (/^(prom-client|tdigest|bintrees)$/.test(module)) return "metrics (prom-client)";
  if (/^(ioredis|@ioredis\/|redis-errors|redis-parser|cluster-key-slot|denque|standard-as-callback|lodash\.)/.test(module)) return "Redis client (ioredis)";
  if (module === "reflect-metadata" || module === "zod") return module;
  if (PROJECT_DIRS.some((d) => module.startsWith(`${d}/`))) return "the project's code (src/…)";
  return "other packages";
}

function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  const { samples, timeDeltas } = profile;
  if (samples && timeDeltas && samples.length === timeDeltas.length) {
    // timeDeltas[i] is the time from sample i-1 to sample i: the interval after sample i
    // (timeDeltas[i+1]) is charged to the node sampled at i, as Chrome DevTools does.
    for (let i = 0; i + 1 < samples.length; i++) {
      self.set(samples[i], (self.get(samples[i]) ?? 0) + Math.max(0, timeDeltas[i + 1]));
    }
    return self;
  }
  // Fallback: hit counts times the mean sampling interval.
  const hits = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const interval = hits > 0 ? (profile.endTime - profile.startTime) / hits : 0;
  for (const node of profile.nodes) self.set(node.id, (node.hitCount ?? 0) * interval);
  return self;
}

function ranked(map: Map<string, number>, busyUs: number, top: number): Share[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs > 0 ? us / busyUs : 0 }));
}

export function summariseProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const self = selfTimes(profile);
  const byModule = new Map<string, number>();
  const byCaller = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const parent = new Map<number, ProfileNode>();
  const nodeById = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    nodeById.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node);
  }
  const isOwnCode = (label: string) => !label.startsWith("node:") && !label.startsWith("(");
  const callerCache = new Map<number, string>();
  const callerOf = (node: ProfileNode): string => {
    const cached = callerCache.get(node.id);
    if (cached !== undefined) return cached;
    const own = moduleOf(node.callFrame);
    let label = own;
    if (!isOwnCode(own) && own !== "(garbage collector)" && own !== "(program)") {
      let up = parent.get(node.id);
      while (up && !isOwnCode(moduleOf(up.callFrame))) up = parent.get(up.id);
      label = up ? `${moduleOf(up.callFrame)}  (incl. Node/native below it)` : `${own.startsWith("node:") ? "Node core" : "native"}, no package above (event loop, HTTP server)`;
      if (up) label = `${callerOf(up).replace(/ {2}\(incl\. Node\/native below it\)$/, "")}  (incl. Node/native below it)`;
    }
    callerCache.set(node.id, label);
    return label;
  };
  const byGroup = new Map<string, number>();
  let idleUs = 0;
  let totalUs = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (us === 0) continue;
    totalUs += us;
    const frame = node.callFrame;
    if (frame.functionName === "(idle)" || frame.functionName === "(root)") {
      idleUs += us;
      continue;
    }
    const module = moduleOf(frame);
    byModule.set(module, (byModule.get(module) ?? 0) + us);
    const caller = callerOf(node).replace(/ {2}\(incl\. Node\/native below it\)$/, "");
    byCaller.set(caller, (byCaller.get(caller) ?? 0) + us);
    const group = groupOf(module);
    byGroup.set(group, (byGroup.get(group) ?? 0) + us);
    const fn = frame.url
      ? `${frame.functionName || "(anonymous)"}  ${module}:${frame.lineNumber + 1}`
      : frame.functionName.startsWith("(") ? frame.functionName : `${frame.functionName || "(anonymous)"}  (native)`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  return {
    file,
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: busyUs / 1000,
    byModule: ranked(byModule, busyUs, top),
    byCaller: ranked(byCaller, busyUs, top),
    byCallerGroup: ranked(
      [...byCaller].reduce((m, [name, us]) => m.set(groupOf(name), (m.get(groupOf(name)) ?? 0) + us), new Map<string, number>()),
      busyUs,
      50,
    ),
    byFunction: ranked(byFunction, busyUs, top),
    byGroup: ranked(byGroup, busyUs, 50),
  };
}

const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;
const ms = (value: number) => `${value.toFixed(0).padStart(7)} ms`;

export function formatSummary(summary: ProfileSummary, title = "CPU profile"): string {
  const lines: string[] = [];
  lines.push(`${title}: ${summary.file}`);
  lines.push(
    `  busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms profiled ` +
      `(idle ${((summary.idleMs / Math.max(summary.totalMs, 1)) * 100).toFixed(0)} %); shares below are of busy time`,
  );
  lines.push("", "  by group, self time");
  for (const s of summary.byGroup) lines.push(`    ${pct(s.share)} ${ms(s.ms)}  ${s.name}`);
  lines.push("", "  by group, Node's own and native time charged to the package that called it");
  for (const s of summary.byCallerGroup) lines.push(`    ${pct(s.share)} ${ms(s.ms)}  ${s.name}`);
  lines.push("", `  top ${summary.byModule.length} by package / module (self time)`);
  for (const s of summary.byModule) lines.push(`    ${pct(s.share)} ${ms(s.ms)}  ${s.name}`);
  lines.push("", `  top ${summary.byCaller.length} by package, Node's own and native time charged to the package or project file that called it`);
  for (const s of summary.byCaller) lines.push(`    ${pct(s.share)} ${ms(s.ms)}  ${s.name}`);
  lines.push("", `  top ${summary.byFunction.length} functions (self time)`);
  for (const s of summary.byFunction) lines.push(`    ${pct(s.share)} ${ms(s.ms)}  ${s.name}`);
  return lines.join("\n");
}

/** The newest .cpuprofile in `dir` whose name starts with `prefix`. */
export function newestProfile(dir: string, prefix = ""): string | undefined {
  let best: { file: string; at: number } | undefined;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".cpuprofile") || !name.startsWith(prefix)) continue;
    const file = join(dir, name);
    const at = statSync(file).mtimeMs;
    if (!best || at > best.at) best = { file, at };
  }
  return best?.file;
}

if (require.main === module) {
  const [target = ".bench/profiles", topArg = "15"] = process.argv.slice(2);
  const path = resolve(target);
  const file = statSync(path).isDirectory() ? newestProfile(path) : path;
  if (!file) {
    process.stderr.write(`no .cpuprofile in ${path}\n`);
    process.exit(1);
  }
  process.stdout.write(`${formatSummary(summariseProfile(file, Number(topArg)))}\n`);
}
