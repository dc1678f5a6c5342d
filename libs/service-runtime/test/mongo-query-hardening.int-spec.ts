import { getConnectionToken } from '@nestjs/mongoose';
import mongoose, { type Connection } from 'mongoose';
import { startTestService, type TestService } from '../src/testing';
import { widgetsService } from './fixtures';

interface Note {
  _id: string;
  orgId: string;
  title?: string;
}

/**
 * Every service's mongoose runs with sanitizeFilter and strictQuery 'throw' (set where the
 * connection is configured): what a client sent can never turn into a query operator, and a
 * filter on a field the schema does not know fails instead of being dropped (which would widen
 * a delete to the whole organisation).
 */
describe('mongoose query hardening', () => {
  let service: TestService;
  let notes: mongoose.Model<Note>;

  beforeAll(async () => {
    service = await startTestService(widgetsService);
    const connection = service.app.get<Connection>(getConnectionToken());
    notes = connection.model<Note>(
      'HardeningNote',
      new mongoose.Schema<Note>({ _id: String, orgId: String, title: String }),
    );
    await notes.deleteMany({ orgId: 'org-1' });
    await notes.create([
      { _id: 'n1', orgId: 'org-1', title: 'kept' },
      { _id: 'n2', orgId: 'org-1' },
    ]);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('does not let a value from a request act as an operator', async () => {
    // What a JSON body or a query string can carry where the code expects a string.
    const fromRequest: unknown = JSON.parse('{"$ne": "nothing"}');

    // Compared as a value ({ $eq: {...} }), which a string path cannot hold: refused, and in
    // no case matching n1 (as `$ne` would). DTO validation keeps such values from getting here.
    await expect(
      notes.find({ orgId: 'org-1', title: fromRequest as string }).lean(),
    ).rejects.toThrow(/Cast to string failed/);
  });

  it('refuses a filter on a field the schema does not have, rather than dropping it', async () => {
    await expect(notes.deleteMany({ orgId: 'org-1', titel: 'kept' })).rejects.toThrow(
      /strictQuery/,
    );

    expect(await notes.countDocuments({ orgId: 'org-1' })).toBe(2);
  });

  it('runs the operators the code writes itself, marked trusted', async () => {
    const found = await notes
      .find({ orgId: 'org-1', title: mongoose.trusted({ $exists: true }) })
      .lean();

    expect(found.map((note) => note._id)).toEqual(['n1']);
  });
});
