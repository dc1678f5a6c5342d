/** What a generated case breaks; the run's summary counts cases and statuses by kind. */
export const CASE_KINDS = [
  'missing-field',
  'wrong-type',
  'unknown-field',
  'huge-string',
  'huge-number',
  'huge-array',
  'odd-string',
  'deep-json',
  'invalid-utf8',
  'wrong-content-type',
  'empty-body',
  'garbage-body',
  'oversized-body',
  'query-wrong-type',
  'query-huge',
  'query-unknown',
  'oversized-url',
  'path-wrong-format',
  'path-huge',
  'path-traversal',
  'header-odd',
] as const;

export type CaseKind = (typeof CASE_KINDS)[number];

/** Which credential a case carries, after the operation's `security`. */
export type CaseAuth = 'token' | 'apiKey' | 'none';

export interface BadInputCase {
  /** `POST /api/v1/x wrong-type: name as number`: unique within one generated list. */
  readonly name: string;
  readonly kind: CaseKind;
  readonly operationId: string;
  readonly method: string;
  /** Path params filled in and query string appended, percent-encoded as sent (no URL parsing). */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | string | undefined;
  readonly auth: CaseAuth;
  /** The operation says it counts toward the expensive routes' own, lower rate limit. */
  readonly expensive: boolean;
  /** The operation answers a text/html page (a link in an e-mail): its 404 is a page too. */
  readonly htmlPage: boolean;
}

/** A request body variant before it is tied to an operation. */
export interface BodyVariant {
  readonly kind: CaseKind;
  readonly label: string;
  /** undefined: no Content-Type header at all. */
  readonly contentType: string | undefined;
  readonly body: Buffer | string | undefined;
}
