/** What the gateway answered to one case, as far as the checks need it. */
export interface CaseAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/**
 * Why an answer breaks the bad-input rules, or nothing when it keeps them: no 5xx, and every 4xx
 * is RFC 9457 problem+json with `type`, `title` and a `status` equal to the HTTP status. A page
 * for browsers (`htmlPage`) may say "not found" as a page: people, not programs, open it.
 */
export function problemViolations(
  answer: CaseAnswer,
  options: { htmlPage?: boolean } = {},
): string[] {
  if (answer.status >= 500) return [`answered ${answer.status}: ${answer.text.slice(0, 300)}`];
  if (answer.status < 400) return [];
  if (options.htmlPage && answer.status === 404 && /^text\/html\b/i.test(answer.contentType))
    return [];
  const violations: string[] = [];
  if (!/^application\/problem\+json\b/i.test(answer.contentType)) {
    violations.push(`${answer.status} with content-type "${answer.contentType}", not problem+json`);
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return [...violations, `${answer.status} body is not JSON: ${answer.text.slice(0, 200)}`];
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [...violations, `${answer.status} body is not a JSON object`];
  }
  const problem = body as Record<string, unknown>;
  if (typeof problem['type'] !== 'string') violations.push(`${answer.status} problem has no type`);
  if (typeof problem['title'] !== 'string')
    violations.push(`${answer.status} problem has no title`);
  if (problem['status'] !== answer.status) {
    violations.push(
      `problem status ${String(problem['status'])} differs from HTTP ${answer.status}`,
    );
  }
  return violations;
}
