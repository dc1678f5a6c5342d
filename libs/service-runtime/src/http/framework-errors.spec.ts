import { clientErrorResponse, clientErrorStatus } from './framework-errors';

function parse(raw: string): { head: string; body: Record<string, unknown> } {
  const [head, body] = raw.split('\r\n\r\n');
  return { head: head ?? '', body: JSON.parse(body ?? '') as Record<string, unknown> };
}

describe('answers to requests Node cannot parse', () => {
  it('maps header overflow to 431 and timeouts to 408, anything else to 400', () => {
    expect(clientErrorStatus('HPE_HEADER_OVERFLOW')).toBe(431);
    expect(clientErrorStatus('ERR_HTTP_REQUEST_TIMEOUT')).toBe(408);
    expect(clientErrorStatus('HPE_INVALID_METHOD')).toBe(400);
    expect(clientErrorStatus(undefined)).toBe(400);
  });

  it('writes a problem+json answer whose status matches the status line', () => {
    const { head, body } = parse(clientErrorResponse('HPE_HEADER_OVERFLOW'));
    expect(head).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(head).toContain('Content-Type: application/problem+json');
    expect(body).toMatchObject({
      status: 431,
      type: expect.any(String),
      title: expect.any(String),
    });
  });

  it('gives a Content-Length equal to the body bytes', () => {
    const raw = clientErrorResponse('HPE_INVALID_METHOD');
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body ?? '')}`);
  });
});
