/** One thing `opsbot doctor` checked: which system, about what, whether it is usable, what it found and what to change. */
export interface DoctorCheck {
  system: string;
  subject: string;
  /** ok: usable; warning: usable, but worth a look; problem: not usable as configured. */
  status: 'ok' | 'warning' | 'problem';
  found: string[];
  /** Config to change, as `path: value` lines a person can paste. */
  suggestions: string[];
}

/** Every check of one run; usable when none is a problem. */
export interface DoctorReport {
  usable: boolean;
  checks: DoctorCheck[];
}

/** The report as a person reads it: one block per check, then the verdict. */
export function formatReport(report: DoctorReport): string {
  const mark = { ok: 'ok', warning: 'warning', problem: 'PROBLEM' } as const;
  const blocks = report.checks.map((check) =>
    [`[${mark[check.status]}] ${check.system}: ${check.subject}`, ...check.found.map((line) => `    ${line}`), ...check.suggestions.map((line) => `    change: ${line}`)].join('\n'),
  );
  const problems = report.checks.filter((check) => check.status === 'problem').length;
  const verdict = report.usable ? 'All configured systems are usable.' : `${problems} problem(s): opsbot cannot answer from what is configured until they are fixed.`;
  return [...blocks, verdict].join('\n');
}

/** A check that could not finish (unreachable, too slow, refused) as a problem with the reason. */
export function failedCheck(system: string, subject: string, error: unknown): DoctorCheck {
  return { system, subject, status: 'problem', found: [error instanceof Error ? error.message : String(error)], suggestions: [] };
}
