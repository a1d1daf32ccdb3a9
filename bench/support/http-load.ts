/** HTTP load with autocannon, and the resident memory of a process read from /proc while it runs. */
import { readFile } from 'node:fs/promises';
import autocannon, { type Request } from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Requests answered in all. */
  requests: number;
}

/**
 * `amount`: stop after this many requests instead of after `seconds`. `headers`: called for every request, which
 * autocannon then builds anew; `requests`: a fixed list that each connection goes through in turn, built once.
 * The load generator shares the cores with the server: a timed load uses the list, so that building requests
 * does not hold back what is measured.
 */
export async function load(
  url: string,
  { connections = 50, seconds = 10, amount, headers, requests }: { connections?: number; seconds?: number; amount?: number; headers?: () => Record<string, string>; requests?: Array<{ headers: Record<string, string> }> },
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration: seconds }),
    requests: requests ?? (headers ? [{ setupRequest: (request: Request) => ({ ...request, headers: { ...request.headers, ...headers() } }) }] : undefined),
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    requests: result.requests.total,
  };
}

/** Resident set size of a process in MiB (Linux). */
export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kib / 1024);
}

/** Samples a process's RSS every `everyMs` until `until` settles; returns the highest value seen. */
export async function peakRssWhile(pid: number, until: Promise<unknown>, everyMs = 200): Promise<number> {
  let peak = 0;
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    peak = Math.max(peak, await rssMiB(pid));
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return peak;
}

/** CPU time a process has used so far, user and system, in seconds (Linux). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // After the command's closing parenthesis, utime and stime are the 12th and 13th fields, in clock ticks
  // (USER_HZ, 100 per second for /proc).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
