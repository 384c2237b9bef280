/**
 * A run's problems as the sources make them: within the contract's bounds whatever the tool sent, since they are
 * stored as they are and every client reads them back through the contract.
 */
import { describe, expect, it } from 'vitest';
import { zImportProblem } from '../../utils/contract.ts';
import { problemOf, SourceError } from './source.ts';

describe('problemOf', () => {
  it("cuts the tool's names and words to the contract, and keeps only a status HTTP has", () => {
    const long = 'x'.repeat(5000);
    const problem = problemOf(
      'asana',
      'http_error',
      { code: 'teams', name: long, below: long },
      { status: 0, detail: long },
    );
    expect(problem.subject?.name).toHaveLength(1000);
    expect(problem.subject?.below).toHaveLength(1000);
    expect(problem.detail).toHaveLength(500);
    expect(problem.status).toBeUndefined();
    expect(zImportProblem.parse(problem)).toEqual(problem);
    expect(problemOf('jira', 'auth', { code: 'project_list' }, { status: 401 })).toEqual({
      code: 'auth',
      tool: 'jira',
      subject: { code: 'project_list' },
      status: 401,
    });
  });

  it("ends a run by the problem's kind: an error answer is 'other', a refused token 'auth'", () => {
    expect(new SourceError(problemOf('jira', 'http_error', { code: 'project_list' })).kind).toBe('other');
    expect(new SourceError(problemOf('notion', 'auth', { code: 'search_page', n: 1 })).kind).toBe('auth');
  });
});
