import { deliveryMessageId, newId, runId } from './ids';

describe('ids', () => {
  it('derives the same run id for the same kind, org and key, and another for any change', () => {
    const id = runId('weekly', 'org_a', '2026-W47');

    expect(id).toMatch(/^run_[A-Za-z0-9]{20}$/);
    expect(runId('weekly', 'org_a', '2026-W47')).toBe(id);
    expect(runId('weekly', 'org_a', '2026-W48')).not.toBe(id);
    expect(runId('weekly', 'org_b', '2026-W47')).not.toBe(id);
    expect(runId('alert', 'org_a', '2026-W47')).not.toBe(id);
  });

  it('gives a delivery one Message-ID whatever the case of the address', () => {
    const run = runId('weekly', 'org_a', '2026-W47');

    expect(deliveryMessageId(run, 'CEO@Example.com', 'acme.io')).toBe(
      deliveryMessageId(run, 'ceo@example.com', 'acme.io'),
    );
    expect(deliveryMessageId(run, 'ceo@example.com', 'acme.io')).toMatch(
      /^<run_[A-Za-z0-9]{20}\.[A-Za-z0-9]{20}@acme\.io>$/,
    );
  });

  it('makes random ids of the resource kind', () => {
    expect(newId('rcp')).toMatch(/^rcp_[A-Za-z0-9]{20}$/);
    expect(newId('rmi')).not.toBe(newId('rmi'));
  });
});
