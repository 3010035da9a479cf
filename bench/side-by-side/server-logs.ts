/** What the servers logged during the run: their warnings and errors count against the figures. */
import { createReadStream } from 'node:fs';
import readline from 'node:readline';

export interface LogSummary {
  lines: number;
  warnings: number;
  errors: number;
  samples: string[];
}

/** Counts the pino lines at warn (40) and above, with a few distinct messages of them. */
export async function summariseLog(file: string): Promise<LogSummary> {
  const summary: LogSummary = { lines: 0, warnings: 0, errors: 0, samples: [] };
  const lines = readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    summary.lines++;
    let level = 0;
    let message = line;
    if (line.startsWith('{')) {
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string }; status?: number };
        level = entry.level ?? 0;
        message = [entry.msg, entry.status && `status ${entry.status}`, entry.err?.message].filter(Boolean).join(' — ');
      } catch {
        // not JSON: count as plain output
      }
    } else if (/error/i.test(line)) {
      level = 50;
    }
    if (level >= 50) summary.errors++;
    else if (level >= 40) summary.warnings++;
    if (level >= 40 && summary.samples.length < 5) {
      const sample = `${level >= 50 ? 'error' : 'warn'}: ${message.slice(0, 200)}`;
      if (!summary.samples.includes(sample)) summary.samples.push(sample);
    }
  }
  return summary;
}
