import type { z } from 'zod';
import { AppError } from '../../shared/app-error.js';

/** One problem found in an import file: the row (1-based item or line number), where, and what. */
export interface ImportProblem {
  readonly row: number;
  readonly path?: string;
  readonly message: string;
}

/** At most this many problems are reported, so a broken 100 MB file does not make a 100 MB answer. */
export const MAX_REPORTED_PROBLEMS = 20;

/** The IMPORT_FAILED error for a list of problems; nothing of the file has been written. */
export function importFailed(problems: readonly ImportProblem[], total?: number): AppError {
  const first = problems[0];
  const count = total ?? problems.length;
  const summary =
    first === undefined
      ? 'The catalog file could not be imported.'
      : `Row ${first.row}${first.path === undefined || first.path === '' ? '' : ` (${first.path})`}: ${first.message}` +
        (count > 1 ? ` (and ${count - 1} more problem${count > 2 ? 's' : ''})` : '');
  return new AppError('IMPORT_FAILED', summary, {
    problems: problems.slice(0, MAX_REPORTED_PROBLEMS),
    problemCount: count,
  });
}

/** Problems of a Zod validation failure, attributed to one row. */
export function zodProblems(row: number, error: z.ZodError): ImportProblem[] {
  return error.issues.map((issue) => ({ row, path: issue.path.join('.'), message: issue.message }));
}
