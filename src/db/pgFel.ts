/** PostgreSQL's errors as both back ends report them (pg and PGlite both carry the SQLSTATE in `code`). */

/** SQLSTATE 23505: a unique or primary key was taken. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlstate(error) === '23505';
}

export function sqlstate(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
