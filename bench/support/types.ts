/** What every benchmark returns: rows for the printed table, and the figures for bench/results/. */
export interface BenchResult {
  name: string;
  /** One object per table row; keys are the column headings. */
  rows: Array<Record<string, string | number>>;
  /** Lines printed under the table: the baseline, the targets, what was measured where. */
  notes: string[];
}

export interface BenchOptions {
  /** Extra command-line words after the benchmark's name, e.g. `--sizes 10000,100000`. */
  args: string[];
  log: (line: string) => void;
}
