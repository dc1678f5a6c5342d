import { onceIncrementWrites } from './increment-once';

describe('onceIncrementWrites', () => {
  const ledger = { field: 'batches', writeId: 'b-2', remembered: 8 };

  it('addresses the document by _id alone and records the write id with the increment', () => {
    const writes = onceIncrementWrites(
      { _id: 'doc-1', inc: { count: 3, sum: 1.5 }, idempotent: { $max: { max: 9 } } },
      ledger,
    );

    expect(writes.filter).toEqual({ _id: 'doc-1' });
    expect(writes.update).toEqual({
      $max: { max: 9 },
      $inc: { count: 3, sum: 1.5 },
      $push: { batches: { $each: ['b-2'], $slice: -8 } },
    });
  });

  it('compensates a repeat with the negated increment only', () => {
    const writes = onceIncrementWrites(
      { _id: 'doc-1', inc: { count: 3, sum: -1.5 }, idempotent: { $min: { min: 1 } } },
      ledger,
    );

    expect(writes.compensation).toEqual({ $inc: { count: -3, sum: 1.5 } });
  });
});
