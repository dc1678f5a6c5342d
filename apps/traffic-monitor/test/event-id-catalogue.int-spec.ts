import { EVENT_ID_CATALOGUE_MAX } from '@vantage/contracts';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { newOrgId, startTestService, type TestService } from '@vantage/service-runtime/testing';
import { EventIdCatalogue } from '../src/event-ids/event-id-catalogue';
import { EventIdCatalogueRepository } from '../src/event-ids/event-id-catalogue.repository';
import { trafficMonitorService } from '../src/service-definition';

const ids = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, n) => `area.part${from + n}.event`);

describe('the event id catalogue', () => {
  let service: TestService;
  let catalogue: EventIdCatalogue;
  /** A second replica's catalogue: the same store, nothing remembered. */
  let otherReplica: EventIdCatalogue;

  beforeAll(async () => {
    service = await startTestService(trafficMonitorService);
    catalogue = service.app.get(EventIdCatalogue);
    otherReplica = new EventIdCatalogue(
      service.app.get(EventIdCatalogueRepository),
      service.app.get(SERVICE_LOGGER),
    );
  });

  afterAll(async () => {
    await service?.close();
  });

  it('keeps each id once, in the order first seen, whichever replica records it', async () => {
    const orgId = newOrgId();

    await catalogue.record(orgId, ['b.x', 'a.x', 'b.x']);
    await otherReplica.record(orgId, ['a.x', 'c.x']);
    await catalogue.record(orgId, ['c.x', 'd.x']);

    expect(await catalogue.list(orgId)).toEqual({
      eventIds: ['b.x', 'a.x', 'c.x', 'd.x'],
      full: false,
    });
  });

  it(`stops at ${EVENT_ID_CATALOGUE_MAX} ids and says it is full`, async () => {
    const orgId = newOrgId();

    await catalogue.record(orgId, ids(0, EVENT_ID_CATALOGUE_MAX - 2));
    await catalogue.record(orgId, ids(EVENT_ID_CATALOGUE_MAX - 2, EVENT_ID_CATALOGUE_MAX + 5));
    await otherReplica.record(orgId, ['late.comer.event']);
    const listed = await catalogue.list(orgId);

    expect(listed.full).toBe(true);
    expect(listed.eventIds).toEqual(ids(0, EVENT_ID_CATALOGUE_MAX));
  });

  it('keeps organisations apart', async () => {
    const [mine, theirs] = [newOrgId(), newOrgId()];

    await catalogue.record(mine, ['mine.only']);
    await catalogue.record(theirs, ['theirs.only']);

    expect((await catalogue.list(mine)).eventIds).toEqual(['mine.only']);
    expect(await catalogue.list(newOrgId())).toEqual({ eventIds: [], full: false });
  });
});
