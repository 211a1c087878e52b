/**
 * Where a V8 CPU profile's (`node --cpu-prof`) busy time went, grouped by package. Node's own and
 * native frames are charged to the nearest package or project frame above them ("node core" is
 * what has none: the event loop, sockets, HTTP parsing). Idle time is left out; with `windows`
 * (start and end in µs of the monotonic clock, `process.hrtime` / 1000, which the profile's
 * timestamps share) only the samples inside them count.
 *   node .bench/dist/bench/profile-summary.js <file.cpuprofile> [requests]   (µs per request with requests)
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  startTime: number;
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const GROUPS: Array<[string, RegExp]> = [
  ["GraphQL (graphql, apollo, type-graphql)", /^(graphql|graphql-scalars|type-graphql|@apollo\/.*|@graphql-.*|@escape\.tech\/.*|@as-integrations\/.*|lru-cache|loglevel|whatwg-mimetype|negotiator|value-or-promise|@repeaterjs\/.*)$/],
  ["got", /^(got|@sindresorhus\/is|@szmarczak\/http-timer|cacheable-.*|decompress-response|form-data-encoder|lowercase-keys|mimic-response|p-cancelable|responselike|byte-counter|defer-to-connect|http2-wrapper|keyv|@keyv\/.*|get-stream|normalize-url)$/],
  ["body-parser, cors (the HTTP edge)", /^(express|router|body-parser|raw-body|cors|finalhandler|send|qs|iconv-lite|type-is|content-type|media-typer|mime-.*|accepts|vary|on-finished|depd|parseurl|path-to-regexp|debug|encodeurl|escape-html|etag|fresh|statuses|http-errors|forwarded|proxy-addr|bytes|side-channel.*|get-intrinsic|call-bound|es-.*|math-intrinsics|object-inspect|dunder-proto|get-proto|has.*|gopd|function-bind|call-bind.*|is-promise|merge-descriptors|content-disposition|safe-buffer)$/],
  ["pino", /^(pino.*|sonic-boom|@pinojs\/.*|fast-redact|quick-format-unescaped|atomic-sleep|on-exit-leak-free|thread-stream|safe-stable-stringify)$/],
  ["prom-client", /^(prom-client|tdigest|bintrees)$/],
];

/** The group of one frame, or undefined for Node's own and native frames (charged upwards). */
function groupOf(frame: Node["callFrame"]): string | undefined {
  const { url, functionName } = frame;
  if (!url) return functionName === "(garbage collector)" ? "GC" : undefined;
  if (url.startsWith("node:")) return undefined;
  const nm = url.lastIndexOf("/node_modules/");
  if (nm < 0) return /\/dist\/src\//.test(url) ? "project code (dist/src)" : "other (project, outside dist/src)";
  const parts = url.slice(nm + 14).split("/");
  const pkg = parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  return GROUPS.find(([, re]) => re.test(pkg))?.[0] ?? `other packages`;
}

export interface Summary {
  busyUs: number;
  groups: Array<{ group: string; us: number }>;
}

export function summarise(file: string, windows?: Array<[number, number]>): Summary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = new Map<number, string>();
  const labelOf = (id: number): string => {
    let found = label.get(id);
    if (found !== undefined) return found;
    const node = byId.get(id)!;
    const up = parent.get(id);
    found = groupOf(node.callFrame) ?? (up === undefined || byId.get(up)!.callFrame.functionName === "(root)" ? "node core (event loop, sockets, HTTP parsing)" : labelOf(up));
    label.set(id, found);
    return found;
  };
  const us = new Map<string, number>();
  let busyUs = 0;
  let at = profile.startTime;
  // timeDeltas[i + 1] is the time that sample i stood for (as Chrome DevTools counts it).
  for (let i = 0; i + 1 < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    if (windows && !windows.some(([from, to]) => at >= from && at < to)) continue;
    const node = byId.get(profile.samples[i])!;
    const name = node.callFrame.functionName;
    if (name === "(idle)" || name === "(root)") continue;
    const g = labelOf(node.id);
    const dt = Math.max(0, profile.timeDeltas[i + 1]);
    us.set(g, (us.get(g) ?? 0) + dt);
    busyUs += dt;
  }
  return { busyUs, groups: [...us].map(([group, t]) => ({ group, us: t })).sort((a, b) => b.us - a.us) };
}

/** The groups as lines: µs per request (when `requests` is given) and share of the busy time. */
export function format(summary: Summary, requests?: number): string {
  const per = (t: number) => (requests ? `${(t / requests).toFixed(1).padStart(7)} µs/req` : `${(t / 1000).toFixed(0).padStart(7)} ms`);
  const lines = summary.groups.map(({ group, us }) => `  ${per(us)}  ${((us / summary.busyUs) * 100).toFixed(1).padStart(5)} %  ${group}`);
  return [...lines, `  ${per(summary.busyUs)}  100.0 %  busy in total`].join("\n");
}

if (require.main === module) {
  const [file, requests] = process.argv.slice(2);
  if (!file) throw new Error("usage: profile-summary.js <file.cpuprofile> [requests]");
  process.stdout.write(`${format(summarise(file), requests ? Number(requests) : undefined)}\n`);
}
