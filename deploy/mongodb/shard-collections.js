// Shards Vantage's collections on a MongoDB 7 sharded cluster. Run it once against a mongos,
// before or after the apps first start (it creates each shard key's index first, so it works on
// empty and on filled collections; running it again changes nothing):
//
//   mongosh "mongodb://<mongos>/admin" deploy/mongodb/shard-collections.js
//
// PLAN is the source of docs/mongodb-sharding.md (tools/deploy/write-sharding-doc.ts renders
// its tables) and is checked against every app's Mongoose schemas by
// tools/deploy/mongodb-sharding.spec.ts: every collection is here, each shard key starts with
// the org (or says why not) and is backed by a declared index, and every index listed for a
// query is declared (and every declared index serves a query listed here, or is listed as idle
// with the reason it exists).
//
// Rules the keys follow (see the doc for the reasoning):
// - Request paths and upserts address documents by `_id` alone (FerretDB pushes down nothing
//   else). An upsert on a sharded collection must carry the whole shard key in its filter, and a
//   write by `_id` alone is targeted only when the key is `_id`-based. So collections written
//   by `_id` shard on `_id`: range `{_id: 1}` when `_id` is the org or starts with it (an org's
//   documents stay together), hashed when `_id` is a digest or starts with time.
// - Collections read and written with the org in the filter shard on `orgId` first.
// - A unique index other than `_id` must start with the shard key.
// - What is small and bounded (by orgs, users or a plan cap) and read by a key that is not the
//   org stays unsharded, on its database's primary shard.

/* global sh, db, print */

const ID = { _id: 1 };
const ID_HASHED = { _id: 'hashed' };

/**
 * A read model: one document per org holding `holds`, its `_id` the org id, read and upserted by
 * `_id` alone (at `at`), so every query is targeted and an org's document stays on one shard.
 */
function orgReadModel(holds, at) {
  return {
    key: ID,
    idStartsWithOrg: true,
    id: 'the org id',
    why: `One document per org (${holds}), read and upserted by \`_id\`: targeted.`,
    queries: [{ at, shape: 'findOne / updateOne upsert `{_id}`', index: ID }],
  };
}

/** The org totals backfill (once per deployment) reads every kept bucket, in org order. */
const BACKFILL_BUCKET_SCAN = {
  at: 'buckets/bucket.repository.ts: BucketRepository.forEachSince (org-totals-backfill.ts, once)',
  shape: 'find `{start: {$gte}}` sorted `{orgId, start}`',
  index: { orgId: 1, start: 1 },
};

/** The hour and day bucket collections: same documents, writes and reads, coarser starts. */
const COARSE_TRAFFIC_BUCKETS = {
  key: ID_HASHED,
  notOrgFirst: 'as traffic_buckets_minute: written by `_id` alone, a digest with no org prefix.',
  id: 'sha1(org, bucket start, series key)',
  why: 'As traffic_buckets_minute.',
  queries: [
    {
      at: 'buckets/bucket.repository.ts: insertNew / addToExisting',
      shape: 'insertMany, findOneAndUpdate / updateOne `{_id}`',
      index: ID,
    },
    {
      at: 'buckets/bucket.repository.ts: BucketRepository.forEach with event ids',
      shape: 'find `{orgId, eventId, start: range}`',
      index: { orgId: 1, eventId: 1, start: 1 },
    },
    {
      at: 'buckets/bucket.repository.ts: BucketRepository.forEach without event ids',
      shape: 'find `{orgId, start: range}`',
      index: { orgId: 1, start: 1 },
    },
    {
      at: 'buckets/bucket.repository.ts: BucketRepository.deleteStartedBefore',
      shape: 'deleteMany `{start: {$lt}}`',
      index: { start: 1 },
    },
    BACKFILL_BUCKET_SCAN,
  ],
};

const PLAN = {
  vantage_gateway: {
    organizations: {
      key: ID,
      idStartsWithOrg: true,
      id: 'the org id (`org_` + 20 random base62)',
      why: 'One document per org; every read and write is by `_id`, so all are targeted. Org ids are random: range chunks fill evenly, no insert hot spot.',
      queries: [
        { at: 'rate-limit/org-plan.cache.ts: OrgPlanCache.readOrg', shape: 'findById', index: ID },
        {
          at: 'rate-limit/org-plan.cache.ts: OrgPlanCache.applyPlanChange',
          shape: 'findOneAndUpdate `{_id, $or planChangedAt}`',
          index: ID,
        },
        {
          at: 'orgs/members.service.ts: MembersService.organization / updateSettings',
          shape: 'findById / findOneAndUpdate `{_id}`',
          index: ID,
        },
        {
          at: 'auth/auth.service.ts: AuthService.register / login / refresh / verifyEmail',
          shape: 'create, findById, deleteOne `{_id}`',
          index: ID,
        },
        {
          at: 'api/reporting/org-name.directory.ts: OrgNameDirectory.nameOf',
          shape: 'findById',
          index: ID,
        },
      ],
    },
    users: {
      unsharded:
        'No org: a user may belong to several. Bounded by the number of people; login finds a user by e-mail, which is unique, and a sharded unique index must start with the shard key. If it ever has to be sharded, `{email: 1}` keeps both.',
      id: 'random (`usr_...`)',
      queries: [
        {
          at: 'auth/auth.service.ts: AuthService.register / login; auth/password.service.ts: sendResetLink; orgs/invite.service.ts: userFor',
          shape: 'findOne `{email}`',
          index: { email: 1 },
        },
        {
          at: 'identity/member-addresses.ts: MemberAddresses.among',
          shape: 'find `{email: {$in}}`',
          index: { email: 1 },
        },
        {
          at: 'orgs/members.service.ts: MembersService.list',
          shape: 'find `{_id: {$in}}`',
          index: ID,
        },
        {
          at: 'auth/*, orgs/members.service.ts, api/billing/org-owner.directory.ts',
          shape: 'findById, updateOne / findOneAndUpdate `{_id}`',
          index: ID,
        },
      ],
    },
    memberships: {
      key: { orgId: 1, userId: 1 },
      id: 'random (`mem_...`)',
      why: "The unique (orgId, userId) index must start with the shard key, and both fields never change. Range on the pair: one org never makes a jumbo chunk (userId splits it). Queries with the org are targeted; a user's memberships at login (`{userId}`) and `{_id}` writes scatter to every shard (rare: login, role change).",
      queries: [
        {
          at: 'identity/membership-directory.ts: MembershipDirectory.roleOf; auth/auth.service.ts: refresh / membershipFor; orgs/members.service.ts: memberOf / currentRoleOf',
          shape: 'findOne `{orgId, userId}`',
          index: { orgId: 1, userId: 1 },
        },
        {
          at: 'orgs/members.service.ts: MembersService.list / assertAnotherOwner; api/billing/org-owner.directory.ts: ownerEmail',
          shape: 'find `{orgId}` sort createdAt, countDocuments / findOne `{orgId, role}`',
          index: { orgId: 1, userId: 1 },
        },
        {
          at: 'auth/auth.service.ts: AuthService.membershipFor / register',
          shape: 'find / deleteMany `{userId}` (scatter)',
          index: { userId: 1 },
        },
        {
          at: 'orgs/members.service.ts: MembersService.changeRole / remove',
          shape: 'updateOne / deleteOne `{_id}` (scatter)',
          index: ID,
        },
      ],
    },
    refresh_tokens: {
      unsharded:
        'A refresh carries only the token: it is found by tokenHash (unique, so no org-first key), then locked and spent by `_id`; no one key makes both targeted. Bounded by live sessions.',
      id: 'random (`rtk_...`)',
      queries: [
        {
          at: 'auth/refresh-token.service.ts: RefreshTokenService.rotate / revokeByToken',
          shape: 'findOne `{tokenHash}`',
          index: { tokenHash: 1 },
        },
        {
          at: 'auth/refresh-token.service.ts: RefreshTokenService.rotateHoldingLock',
          shape: 'findById, updateOne `{_id}`',
          index: ID,
        },
        {
          at: 'auth/refresh-token.service.ts: RefreshTokenService.revokeFamily',
          shape: 'updateMany `{familyId, revokedAt: null}`',
          index: { familyId: 1 },
        },
        {
          at: 'auth/refresh-token.service.ts: RefreshTokenService.revokeAllOf / revokeAllOfUser',
          shape: 'updateMany `{userId, orgId?, revokedAt: null, familyId?: {$ne}}`',
          index: { userId: 1, orgId: 1 },
        },
      ],
    },
    api_keys: {
      unsharded:
        'Every API-key request finds its key by keyHash (unique, so no org-first key) and stamps lastUsedAt by `_id`. Bounded by orgs x a few keys.',
      id: 'random (`key_...`)',
      queries: [
        {
          at: 'api-keys/api-key.service.ts: ApiKeyService.authenticate',
          shape: 'findOne `{keyHash, revokedAt: null}`',
          index: { keyHash: 1 },
        },
        {
          at: 'api-keys/api-key.service.ts: ApiKeyService.list',
          shape: 'find `{orgId}` sort createdAt -1',
          index: { orgId: 1 },
        },
        {
          at: 'api-keys/api-key.service.ts: ApiKeyService.revoke / writeLastUsed',
          shape: 'findOne `{_id, orgId}`, updateOne `{_id}`',
          index: ID,
        },
      ],
    },
    invites: {
      unsharded:
        'Bounded by seats per org; an invite link is opened by `_id` alone, which an org-first key would scatter.',
      id: 'random (`inv_...`)',
      queries: [
        {
          at: 'orgs/invite.service.ts: InviteService.list',
          shape: 'find `{orgId}` sort createdAt -1',
          index: { orgId: 1 },
        },
        {
          at: 'orgs/invite.service.ts: InviteService.revoke / openInvite / acceptOpenInvite',
          shape: 'findOne `{_id, orgId}`, findById, updateOne `{_id}`',
          index: ID,
        },
      ],
    },
    account_tokens: {
      unsharded:
        "No org (a user's e-mail verification and password reset); keyed by the token's hash, short-lived.",
      id: 'sha256 of the token',
      queries: [
        {
          at: 'auth/account-tokens.ts: AccountTokens.issue / spend',
          shape: 'create, findOneAndUpdate `{_id, usedAt: null}`',
          index: ID,
        },
      ],
    },
    audit_events: {
      key: { orgId: 1, _id: 1 },
      id: '`aud_` + base36 time + random: ordered by time',
      why: "Grows with each org's activity, and every list is one org's, newest first. Range on (orgId, _id): an org's events stay together in time order and split by `_id`, so a big org spreads over chunks (no jumbo chunk); inserts go to the end of each org's range, spread across orgs. Listing is targeted. Events without an org (failed logins for unknown e-mails) have orgId null and sit in one range.",
      queries: [
        {
          at: 'audit/audit.service.ts: AuditService.list',
          shape: 'find `{orgId, action?, actorId?, outcome?, _id range}` sort _id -1',
          index: { orgId: 1, _id: 1 },
        },
        { at: 'audit/audit.service.ts: AuditService.record', shape: 'create', index: ID },
      ],
    },
  },

  vantage_billing: {
    billing_accounts: {
      key: ID,
      idStartsWithOrg: true,
      id: 'the org id',
      why: 'One document per org, read and written by `_id` (with a version guard): targeted. The dunning sweep scatters (a job).',
      queries: [
        {
          at: 'accounts/billing-account.repository.ts: find / findOrCreate / updateIfUnchanged / markAnnounced',
          shape:
            'findById, create, findOneAndUpdate `{_id, version}`, updateOne `{_id, planChangedAt}`',
          index: ID,
        },
        {
          at: 'accounts/billing-account.repository.ts: BillingAccountRepository.graceExpired',
          shape: 'find `{dunning.graceEndsAt: {$lte}, dunning.downgradedAt: null}`',
          index: { 'dunning.graceEndsAt': 1 },
        },
      ],
    },
    stripe_customers: {
      unsharded:
        "Keyed by Stripe's customer id, which is what a webhook carries; one per paying org.",
      id: 'Stripe customer id (`cus_...`)',
      queries: [
        {
          at: 'accounts/billing-account.repository.ts: orgOfCustomer / linkCustomer',
          shape: 'findById, create',
          index: ID,
        },
      ],
    },
    invoices: {
      unsharded:
        "About twelve per paying org a year; webhooks write them by Stripe's invoice id alone, and revenue figures read across orgs by date. Shard on `{orgId: 1, _id: 1}` if it ever outgrows a shard (listing stays targeted, webhook writes scatter).",
      id: 'Stripe invoice id (`in_...`)',
      queries: [
        {
          at: 'invoices/invoice.repository.ts: find / saveIfNewer / addFailure; dunning/dunning.service.ts: sweep',
          shape:
            'findById, findOneAndUpdate `{_id, asOf}`, updateOne `{_id, failures.eventId $ne}`',
          index: ID,
        },
        {
          at: 'invoices/invoice.repository.ts: InvoiceRepository.page',
          shape: 'find `{orgId, $or created/_id}` sort created -1, _id -1',
          index: { orgId: 1, created: -1 },
        },
        {
          at: 'invoices/invoice.repository.ts: InvoiceRepository.paidBetween',
          shape: 'find `{paidAt: range}`',
          index: { paidAt: 1 },
        },
        {
          at: 'invoices/invoice.repository.ts: InvoiceRepository.failedBetween',
          shape: 'find `{failures.at: range}`',
          index: { 'failures.at': 1 },
        },
      ],
    },
    charge_refunds: {
      unsharded: 'No org on the document; read across orgs by date for revenue figures; small.',
      id: '`<charge id>:<event id>`',
      queries: [
        {
          at: 'invoices/invoice.repository.ts: InvoiceRepository.recordRefund',
          shape: 'create',
          index: ID,
        },
        {
          at: 'invoices/invoice.repository.ts: InvoiceRepository.refundsBefore',
          shape: 'find `{at: {$lt}}`',
          index: { at: 1 },
        },
      ],
    },
    subscription_revisions: {
      unsharded: 'No org on the document; read across orgs by time for revenue figures; small.',
      id: '`<subscription id>:<event id>`',
      queries: [
        {
          at: 'subscriptions/subscription-revision.repository.ts: record',
          shape: 'create',
          index: ID,
        },
        {
          at: 'subscriptions/subscription-revision.repository.ts: before',
          shape: 'find `{asOf: {$lt}}`',
          index: { asOf: 1 },
        },
      ],
    },
    webhook_events: {
      unsharded:
        "Stripe's events belong to no org until processed; the dispatcher scans them by status, which a key on the event id would scatter. Bounded by Stripe's event volume.",
      id: 'Stripe event id (`evt_...`)',
      queries: [
        {
          at: 'webhooks/webhook-event.repository.ts: find / insertReceived / claim / finish / requeueFailed',
          shape: 'findById, create, findOneAndUpdate / updateOne `{_id, status...}`',
          index: ID,
        },
        {
          at: 'webhooks/webhook-event.repository.ts: WebhookEventRepository.due',
          shape:
            'find `$or [{status, nextAttemptAt}, {status, receivedAt}, {status, lockedUntil}]`',
          index: { status: 1, nextAttemptAt: 1 },
        },
        {
          at: 'webhooks/webhook-event.repository.ts: WebhookEventRepository.failedPage',
          shape: 'find `{status: failed, $or failedAt/_id}` sort failedAt -1, _id -1',
          index: { status: 1, failedAt: -1, _id: -1 },
        },
      ],
    },
  },

  vantage_reporting: {
    org_plans: {
      key: ID,
      idStartsWithOrg: true,
      id: 'the org id',
      why: 'One document per org, read and written by `_id`: targeted.',
      queries: [
        {
          at: 'mail-quota/org-plan.repository.ts: OrgPlanRepository.planOf / apply',
          shape: 'findById, updateOne `{_id}`, create',
          index: ID,
        },
      ],
    },
    report_settings: {
      key: ID,
      idStartsWithOrg: true,
      id: 'the org id',
      why: "One document per org, read and upserted by `_id`: targeted. The weekly job's `{enabled}` scatters (once a week).",
      queries: [
        {
          at: 'schedule/report-settings.repository.ts: find / insertIfAbsent / save / setAccountName',
          shape: 'findById, create, findOneAndUpdate upsert `{_id}`, updateOne `{_id}`',
          index: ID,
        },
        {
          at: 'schedule/report-settings.repository.ts: ReportSettingsRepository.enabled',
          shape: 'find `{enabled: true}`',
          index: { enabled: 1 },
        },
      ],
    },
    usage_hours: {
      key: ID,
      idStartsWithOrg: true,
      id: '`<orgId>:<hour ISO>`',
      why: "Written by an upsert on `{_id, applied: {$ne}}`: an upsert needs the whole shard key in its filter, so the key is `_id`; as `_id` starts with the org, range chunks keep an org's hours together in time order. `between` filters on orgId/hour fields, so it scatters (the weekly report); an `_id` range `<org>:<from>`..`<org>:<to>` would make it targeted.",
      queries: [
        {
          at: 'usage/usage.repository.ts: UsageRepository.add',
          shape: 'updateOne upsert `{_id, applied: {$ne}}`',
          index: ID,
        },
        {
          at: 'usage/usage.repository.ts: UsageRepository.between',
          shape: 'find `{orgId, hour: range}`',
          index: { orgId: 1, hour: 1 },
        },
      ],
    },
    report_recipients: {
      key: { orgId: 1 },
      id: 'random (`rcp_...`)',
      why: 'Every query carries the org: targeted. The unique (orgId, emailKey) index must start with the shard key, and emailKey can change, so the key is the org alone; recipients per org are capped by plan, so no jumbo chunk.',
      queries: [
        {
          at: 'recipients/recipient.repository.ts: list / subscribed / count / findCreatedBy',
          shape:
            'find `{orgId, status?}` sort emailKey, countDocuments `{orgId}`, findOne `{orgId, createdByMessage}`',
          index: { orgId: 1, emailKey: 1 },
        },
        {
          at: 'recipients/recipient.repository.ts: findById / update / unsubscribe / insert',
          shape: 'findOne / findOneAndUpdate `{_id, orgId, ...}`, create',
          index: ID,
        },
      ],
    },
    roadmap_items: {
      key: { orgId: 1 },
      id: 'random (`rmi_...`)',
      why: 'Every query carries the org: targeted. status changes, so the key is the org alone (a prefix of the (orgId, status) index); a roadmap is small, so no jumbo chunk.',
      queries: [
        {
          at: 'roadmap/roadmap-item.repository.ts: list / count / findCreatedBy',
          shape:
            'find `{orgId, status?}`, countDocuments `{orgId}`, findOne `{orgId, createdByMessage}`',
          index: { orgId: 1, status: 1 },
        },
        {
          at: 'roadmap/roadmap-item.repository.ts: findById / update / insert',
          shape: 'findOne / findOneAndUpdate `{_id, orgId}`, create',
          index: ID,
        },
      ],
    },
    mail_consents: {
      unsharded:
        'Bounded by recipients; every read is by `_id` alone (a digest of org and address: the confirmation link carries only it).',
      id: '`mcn_` + digest(org, address)',
      queries: [
        {
          at: 'mail-consent/mail-consent.repository.ts: findById / createIfAbsent / setState / claimConfirmation / releaseConfirmation / confirm / optOut',
          shape: 'findById, create, updateOne / findOneAndUpdate `{_id, guard}`',
          index: ID,
        },
      ],
    },
    mail_runs: {
      key: ID,
      notOrgFirst:
        'the run is found and written by `_id` alone (the weekly tick and the executor know only the run id), and `_id` is a digest of (kind, org, key), so there is no org prefix to range on.',
      id: '`run_` + digest(kind, org, key)',
      why: "Range on a uniform digest spreads runs evenly and makes every `_id` read and write targeted; an org's list and the job's unfinished runs scatter (pages and a periodic job).",
      queries: [
        {
          at: 'runs/run.repository.ts: createIfAbsent / findById / findOfOrg / beginAttempt / setContentOnce / finish; weekly/weekly-schedule.job.ts: tick',
          shape:
            'create, findById, findOne `{_id, orgId}`, findOneAndUpdate / updateOne `{_id, ...}`',
          index: ID,
        },
        {
          at: 'runs/run.repository.ts: RunRepository.list',
          shape: 'find `{orgId, kind?, $or startedAt/_id}` sort startedAt -1, _id -1',
          index: { orgId: 1, startedAt: -1 },
        },
        {
          at: 'runs/run.repository.ts: RunRepository.unfinished',
          shape: 'find `{status: {$in}, startedAt: {$gte}}` sort startedAt',
          index: { status: 1, startedAt: 1 },
        },
      ],
    },
    mail_deliveries: {
      key: ID,
      notOrgFirst:
        'a delivery belongs to a run (`<runId>:<address>`) and is claimed and marked by `_id` alone; the run id is a digest, with no org in it.',
      id: '`<runId>:<address>`',
      why: "Range on `_id` keeps a run's deliveries together (they share the run id prefix) and makes claims targeted; `{runId}` reads scatter (a run's page, a periodic retry).",
      queries: [
        {
          at: 'runs/run.repository.ts: addDeliveries / claim / recordAttempt / markSent / markFailed / markSkipped',
          shape: 'create, findOneAndUpdate / updateOne `{_id, status, claimedBy?}`',
          index: ID,
        },
        {
          at: 'runs/run.repository.ts: RunRepository.deliveriesOf / deliveriesOfRuns',
          shape: 'find `{runId}` / `{runId: {$in}}`',
          index: { runId: 1, position: 1 },
        },
      ],
    },
  },

  vantage_telemetry: {
    telemetry_series: {
      key: ID,
      idStartsWithOrg: true,
      id: '`<orgId>/<seriesId>`',
      why: "Written by inserts and upserts by `_id` (upserts need the shard key in the filter); range on an org-prefixed `_id` keeps an org's series together, and `_id` reads are targeted. The one-off index build `{orgId}` scatters.",
      queries: [
        {
          at: 'series/series.repository.ts: SeriesRepository.record / get; series/upsert-by-id.ts: upsertById',
          shape: 'insertMany, findOne `{_id}`, updateOne upsert `{_id}`',
          index: ID,
        },
        {
          at: 'series/series-index.repository.ts: SeriesIndexRepository.build',
          shape: 'find `{orgId}` (once per org that predates the index)',
          index: { orgId: 1, name: 1, seriesId: 1 },
        },
      ],
    },
    telemetry_series_index: {
      key: ID,
      idStartsWithOrg: true,
      id: '`<orgId>#<part>`, legacy: the org id',
      why: "An org's series split over a fixed number of parts by a hash of the series id, so an update re-encodes a bounded document; every part (and the legacy document) read, upserted and deleted by `_id`: targeted. Range on an org-prefixed `_id` keeps an org's parts together.",
      queries: [
        {
          at: 'series/series-index.repository.ts: SeriesIndexRepository.read / foldLegacy / build / record',
          shape: 'findOne / updateOne upsert / findOneAndDelete `{_id}`',
          index: ID,
        },
      ],
    },
    telemetry_series_orgs: {
      unsharded: 'One document (the list of orgs with a series index).',
      id: 'SERIES_ORGS_DOC_ID',
      queries: [
        {
          at: 'series/series-index.repository.ts: SeriesIndexRepository.orgIds / register',
          shape: 'findOne / updateOne upsert `{_id}`',
          index: ID,
        },
      ],
    },
    telemetry_traffic_series: orgReadModel(
      'its traffic series catalogue',
      'series/traffic-series-catalogue.repository.ts: read / widen / backfill',
    ),
    telemetry_points_minute: {
      key: ID_HASHED,
      notOrgFirst:
        "every write addresses a bucket by `_id` alone (insertMany, findOneAndUpdate by `_id`), and `_id` is sha1(org, series, start): no org prefix. An org-first key would send each of the flush's writes to every shard.",
      id: 'sha1(org, series, bucket start)',
      why: "Hashed `_id` spreads the writes of the current minute over every shard (a range key would put them in one chunk) and targets each write. Reads of a series over a range and quality's org window scatter, each shard answering from the (orgId, seriesId, start) / (orgId, start) index; retention's `{start}` delete scatters (a job).",
      queries: [
        {
          at: 'series/points.repository.ts: insertNew / addToExisting',
          shape: 'insertMany, findOneAndUpdate / updateOne `{_id}`',
          index: ID,
        },
        {
          at: 'series/points.repository.ts: PointsRepository.read / readMany; forEachQualityBucket with a series',
          shape: 'find `{orgId, seriesId (or $in), start: range}`',
          index: { orgId: 1, seriesId: 1, start: 1 },
        },
        {
          at: 'series/points.repository.ts: PointsRepository.forEachQualityBucket without a series',
          shape: 'find `{orgId, start: range}`',
          index: { orgId: 1, start: 1 },
        },
        {
          at: 'series/points.repository.ts: PointsRepository.deleteStartedBefore',
          shape: 'deleteMany `{start: {$lt}}`',
          index: { start: 1 },
        },
      ],
    },
    telemetry_points_hour: {
      key: ID_HASHED,
      notOrgFirst:
        'as telemetry_points_minute: written by `_id` alone, a digest with no org prefix.',
      id: 'sha1(org, series, bucket start)',
      why: 'As telemetry_points_minute.',
      idleIndexes: [
        {
          key: { orgId: 1, start: 1 },
          why: 'quality reads minute buckets only; the hour collection shares its schema, and so its indexes, with the minute one',
        },
      ],
      queries: [
        {
          at: 'series/points.repository.ts: insertNew / addToExisting',
          shape: 'insertMany, findOneAndUpdate / updateOne `{_id}`',
          index: ID,
        },
        {
          at: 'series/points.repository.ts: PointsRepository.read / readMany',
          shape: 'find `{orgId, seriesId (or $in), start: range}`',
          index: { orgId: 1, seriesId: 1, start: 1 },
        },
        {
          at: 'series/points.repository.ts: PointsRepository.deleteStartedBefore',
          shape: 'deleteMany `{start: {$lt}}`',
          index: { start: 1 },
        },
      ],
    },
    telemetry_anomaly_detectors: {
      key: ID,
      idStartsWithOrg: true,
      id: '`<orgId>/<seriesId>`',
      why: "Read and replaced by `_id`: targeted; range on an org-prefixed `_id` keeps an org's detectors together.",
      queries: [
        {
          at: 'anomalies/detector-state.repository.ts: get / save',
          shape: 'findOne `{_id}`, replaceOne `{_id}`, insertOne',
          index: ID,
        },
      ],
    },
    telemetry_anomalies: {
      key: { orgId: 1, timestamp: 1, _id: 1 },
      id: '`tan_` + digest(org, series, timestamp)',
      why: "Grows with each org's data; every query carries the org: targeted. Range on (orgId, timestamp, _id), all immutable: an org's anomalies stay in time order and split by time, so a big org spans chunks (no jumbo chunk). The derived `_id` makes a rescan's insert a duplicate; equal `_id` means equal org and timestamp, so the duplicate lands on the same shard and its `_id` index refuses it.",
      queries: [
        {
          at: 'anomalies/anomaly.repository.ts: AnomalyRepository.list without a series',
          shape:
            'find `{orgId, status?, score?, timestamp?}` (+ `$or` timestamp/_id after) sort timestamp -1, _id -1',
          index: { orgId: 1, timestamp: 1, _id: 1 },
        },
        {
          at: 'anomalies/anomaly.repository.ts: AnomalyRepository.list with a series',
          shape: 'find `{orgId, seriesId, ...}` sort timestamp -1, _id -1',
          index: { orgId: 1, seriesId: 1, timestamp: -1 },
        },
        {
          at: 'anomalies/anomaly.repository.ts: insert / get / acknowledge',
          shape: 'insertOne, findOne / updateOne `{_id, orgId, status?}`',
          index: ID,
        },
      ],
    },
    slos: {
      key: { orgId: 1 },
      id: 'random',
      why: "Every request query carries the org: targeted. name can change, so the key is the org alone (a prefix of the (orgId, name) index); SLOs per org are capped by plan, so no jumbo chunk. The evaluator's sweep by `_id` scatters (a job).",
      queries: [
        {
          at: 'slos/slo.repository.ts: list / count / findCreatedBy',
          shape:
            'find `{orgId}` sort name, _id, countDocuments `{orgId}`, findOne `{orgId, createdByMessage}`',
          index: { orgId: 1, name: 1 },
        },
        {
          at: 'slos/slo.repository.ts: findById / update / delete / setFiring / insert',
          shape: 'findOne / findOneAndUpdate / findOneAndDelete / updateOne `{_id, orgId}`, create',
          index: ID,
        },
        {
          at: 'slos/slo.repository.ts: SloRepository.page',
          shape: 'find `{_id: {$gt}}` sort _id',
          index: ID,
        },
      ],
    },
    telemetry_golden_signals_staged: {
      unsharded:
        "Golden-signal reports of Vantage's own services (no customer org), staged for under a minute and folded away: a few documents at any time.",
      id: "the report's transport message id",
      queries: [
        {
          at: 'golden-signals/golden-signal-reports.repository.ts: stage / remove',
          shape: 'insertOne, bulkWrite deleteOne `{_id}`',
          index: ID,
        },
        {
          at: 'golden-signals/golden-signal-reports.repository.ts: GoldenSignalReportsRepository.staged',
          shape: 'find `{}`: reads all, deliberately (the whole staging area, a minute of reports)',
          index: null,
        },
      ],
    },
  },

  vantage_traffic_monitor: {
    traffic_buckets_minute: {
      key: ID_HASHED,
      notOrgFirst:
        'the flusher writes every bucket by `_id` alone (insertMany, findOneAndUpdate by `_id`), and `_id` is sha1(org, start, series): no org prefix. An org-first key would send each flush write to every shard.',
      id: 'sha1(org, bucket start, series key)',
      why: "Hashed `_id` spreads the current minute's writes over every shard and targets each write. Reads (formulas, health, experiments) are one org over a time range: they scatter, each shard answering from the (orgId, eventId, start) / (orgId, start) index. Dashboards read traffic_org_totals instead. Retention's `{start}` delete scatters (a job).",
      queries: [
        {
          at: 'buckets/bucket.repository.ts: insertNew / addToExisting',
          shape: 'insertMany, findOneAndUpdate / updateOne `{_id}`',
          index: ID,
        },
        {
          at: 'buckets/bucket.repository.ts: BucketRepository.forEach with event ids or a glob prefix',
          shape: 'find `{orgId, eventId (or $in, or prefix range), start: range, dims.*?}`',
          index: { orgId: 1, eventId: 1, start: 1 },
        },
        {
          at: 'buckets/bucket.repository.ts: BucketRepository.forEach without event ids',
          shape: 'find `{orgId, start: range, dims.*?}`',
          index: { orgId: 1, start: 1 },
        },
        {
          at: 'buckets/bucket.repository.ts: BucketRepository.deleteStartedBefore',
          shape: 'deleteMany `{start: {$lt}}`',
          index: { start: 1 },
        },
        BACKFILL_BUCKET_SCAN,
      ],
    },
    traffic_buckets_hour: COARSE_TRAFFIC_BUCKETS,
    traffic_buckets_day: COARSE_TRAFFIC_BUCKETS,
    traffic_org_totals: {
      key: ID_HASHED,
      notOrgFirst:
        '`_id` is `<resolution>|<start ms>|<orgId>`: it starts with time, not the org, and every read and write is by `_id` alone. Range on it would put every current-minute write of every org into the last chunk.',
      id: '`<resolution>|<start ms>|<orgId>`',
      why: "Hashed `_id`: writes of one minute spread over the shards, every keyed read and write is targeted (a dashboard window is a list of keyed reads). Retention's delete scatters (a job).",
      queries: [
        {
          at: 'buckets/org-totals/org-totals.repository.ts: read / add / store / migrationDoneAt / markMigrationDone',
          shape: 'findOne `{_id}`, insertOne, updateOne `{_id}` (the backfill marker: upsert)',
          index: ID,
        },
        {
          at: 'buckets/org-totals/org-totals.repository.ts: deleteStartedBefore',
          shape: 'deleteMany `{resolution, start: {$lt}}`',
          index: { resolution: 1, start: 1 },
        },
      ],
    },
    event_id_catalogue: {
      key: ID,
      idStartsWithOrg: true,
      id: 'the org id',
      why: 'One document per org, read and upserted by `_id`: targeted.',
      queries: [
        {
          at: 'event-ids/event-id-catalogue.repository.ts: read / add',
          shape: 'findOne `{_id}`, findOneAndUpdate upsert `{_id}`',
          index: ID,
        },
      ],
    },
    rad_set_indexes: orgReadModel(
      'its RAD set ids',
      'rad-sets/rad-set.repository.ts: list / changeIndex / indexOnce',
    ),
    rad_sets: {
      unsharded:
        "Capped per org by plan; sets are read by `_id` alone (the org's index document lists them), which an org-first key would scatter, and the unique (orgId, nameKey) index rules out an `_id` key.",
      id: 'random',
      queries: [
        {
          at: 'rad-sets/rad-set.repository.ts: findById / update / delete / insert (list, count, nameTaken and findCreatedBy read the index document, then each set)',
          shape: 'findOne / findOneAndUpdate / findOneAndDelete `{_id}`, create',
          index: ID,
        },
        {
          at: 'rad-sets/rad-set.repository.ts: RadSetRepository.indexOnce',
          shape: 'find `{orgId}` sort nameKey (once per org that predates the index)',
          index: { orgId: 1, nameKey: 1 },
        },
      ],
    },
    saved_formulas: {
      key: { orgId: 1 },
      id: 'random',
      why: 'Every query carries the org: targeted. The unique (orgId, nameKey) index must start with the shard key and nameKey changes on rename, so the key is the org alone; formulas per org are capped by plan, so no jumbo chunk.',
      queries: [
        {
          at: 'formulas/saved-formula.repository.ts: page sort=name / nameTaken / findCreatedBy / count',
          shape:
            'find `{orgId}` sort nameKey, _id; exists `{orgId, nameKey, _id?: {$ne}}`; findOne `{orgId, createdByMessage}`; countDocuments `{orgId}`',
          index: { orgId: 1, nameKey: 1 },
        },
        {
          at: 'formulas/saved-formula.repository.ts: page sort=updated',
          shape: 'find `{orgId}` sort updatedAt -1, _id',
          index: { orgId: 1, updatedAt: -1 },
        },
        {
          at: 'formulas/saved-formula.repository.ts: findById / update / insert / delete',
          shape: 'findOne / findOneAndUpdate `{_id, orgId}`, create',
          index: ID,
        },
      ],
    },
    experiments: {
      key: { orgId: 1 },
      id: '`<orgId>/<key>`',
      why: 'Every query carries the org: targeted (with `{_id: 1}` the list `{orgId}` would scatter). Experiments per org are capped by plan, so the org alone makes no jumbo chunk.',
      queries: [
        {
          at: 'experiments/experiment.repository.ts: list / count',
          shape: 'find `{orgId}` sort key, countDocuments `{orgId}`',
          index: { orgId: 1, key: 1 },
        },
        {
          at: 'experiments/experiment.repository.ts: find / update / delete / insert',
          shape: 'findOne / findOneAndUpdate / findOneAndDelete `{_id, orgId}`, create',
          index: ID,
        },
      ],
    },
    alert_rules: {
      key: { orgId: 1 },
      id: 'random',
      why: "Every request query carries the org: targeted; rules per org are capped by plan, so no jumbo chunk. The evaluator's `{enabled}` read scatters (once per revision: rules are served from memory).",
      queries: [
        {
          at: 'alerts/alert-rule.repository.ts: list / count / findCreatedBy',
          shape:
            'find `{orgId}` sort createdAt, _id; countDocuments `{orgId}`; findOne `{orgId, createdByMessage}`',
          index: { orgId: 1, createdAt: 1 },
        },
        {
          at: 'alerts/alert-rule.repository.ts: findById / update / delete / insert',
          shape: 'findOne / findOneAndUpdate `{_id, orgId}`, create',
          index: ID,
        },
        {
          at: 'alerts/alert-rule.repository.ts: AlertRuleRepository.enabledRules',
          shape: 'find `{enabled: true}` sort orgId, createdAt, _id',
          index: { enabled: 1, orgId: 1 },
        },
      ],
    },
    alerts: {
      key: { orgId: 1, ruleId: 1, seq: 1 },
      id: 'random',
      why: "The unique (orgId, ruleId, seq) index (the episode deduplication) must start with the shard key; its fields never change and it is unique, so chunks split down to one alert (no jumbo chunk). Every query carries the org: targeted to that org's chunks.",
      queries: [
        {
          at: 'alerts/alert.repository.ts: latestOfRule / activeOfRule / insertIfNew',
          shape:
            'findOne `{orgId, ruleId}` sort seq -1, find `{orgId, ruleId, status: {$in}}`, create (E11000 on a lost race)',
          index: { orgId: 1, ruleId: 1, seq: 1 },
        },
        {
          at: 'alerts/alert.repository.ts: AlertRepository.page',
          shape: 'find `{orgId, status?, severity?, ruleId?, openedAt?}` sort openedAt -1, _id -1',
          index: { orgId: 1, openedAt: -1, _id: -1 },
        },
        {
          at: 'alerts/alert.repository.ts: findById / touch / resolve / acknowledge',
          shape: 'findOne / updateOne / findOneAndUpdate `{_id, orgId, status?}`',
          index: ID,
        },
      ],
    },
    alert_event_statuses: orgReadModel(
      "the evaluator's read model",
      'alerts/event-status.repository.ts: lastEvaluation / save',
    ),
    dashboard_config_heads: orgReadModel(
      'where its newest config version is',
      'dashboard/dashboard-config.repository.ts: latest / byMessage / moveHead',
    ),
    dashboard_config_versions: {
      key: ID,
      idStartsWithOrg: true,
      id: '`<orgId>:<version>`',
      why: "Read and inserted by `_id` only (the head says which version): targeted; range on an org-prefixed `_id` keeps an org's history together, and two writers racing for one version meet on the same shard's `_id` index.",
      queries: [
        {
          at: 'dashboard/dashboard-config.repository.ts: latest / byVersion / append',
          shape: 'findOne `{_id}`, create',
          index: ID,
        },
      ],
    },
  },
};

for (const [database, collections] of Object.entries(PLAN)) {
  const target = db.getSiblingDB(database);
  sh.enableSharding(database);
  for (const [name, plan] of Object.entries(collections)) {
    const ns = `${database}.${name}`;
    if (!plan.key) {
      print(`unsharded ${ns}: ${plan.unsharded}`);
      continue;
    }
    // The shard key needs an index; creating it first lets this run on filled collections too
    // (an existing index with the same key is left as it is).
    target.getCollection(name).createIndex(plan.key);
    sh.shardCollection(ns, plan.key);
    print(`sharded ${ns} on ${JSON.stringify(plan.key)}`);
  }
}
