import { describe, expect, it } from 'vitest';
import { splitStatements } from './migrate.ts';

describe('splitStatements', () => {
  it('splits on semicolons and drops comments and empty statements', () => {
    expect(
      splitStatements('-- a comment; still a comment\nCREATE TABLE a (x int);\n\nCREATE INDEX b ON a (x);\n'),
    ).toEqual(['CREATE TABLE a (x int)', 'CREATE INDEX b ON a (x)']);
  });

  it('keeps a dollar-quoted function body whole, with the semicolons of its statements', () => {
    const body = '$$\nBEGIN\n  PERFORM 1;\n  RETURN;\nEND\n$$';
    expect(
      splitStatements(
        `CREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS ${body};\nSELECT 1`,
      ),
    ).toEqual(['CREATE TABLE a (x int)', `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS ${body}`, 'SELECT 1']);
  });
});
