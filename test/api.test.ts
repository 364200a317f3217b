// The HTTP API through real HTTP: auth, ownership, validation, the list and its qs forms,
// reads with no worker running, /health, /openapi.json and /docs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchJob } from '../src/batch-job';
import { eventually, startHarness, type Harness } from './support/harness';
import { testUnitsStrategy } from './support/test-strategies';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('auth', () => {
  it('refuses a request with no token, naming both ways to send one', async () => {
    const response = await h.request('GET', '/admin/batch-jobs', { user: null });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      type: 'unauthorized',
      message: 'Missing API token: send it in the x-medusa-access-token header or as Authorization: Bearer <token>',
    });
  });

  it('refuses an unknown token', async () => {
    const response = await h.request('GET', '/admin/batch-jobs', { user: null, headers: { 'x-medusa-access-token': 'nope' } });
    expect(response).toEqual({ status: 401, body: { type: 'unauthorized', message: 'Invalid API token' } });
  });

  it('accepts Authorization: Bearer as well as x-medusa-access-token', async () => {
    const response = await h.request('GET', '/admin/batch-jobs', { user: null, headers: { authorization: 'Bearer bob-token' } });
    expect(response.status).toBe(200);
  });
});

describe('ownership', () => {
  it("answers another user's job as not found, for get, confirm and cancel, and leaves it alone", async () => {
    const job = await h.createJob({ type: 'test-units', context: { units: 1 }, dry_run: true }, 'alice');
    await h.waitForJob(job.id, (j) => j.status === 'pre_processed');
    const expected = { status: 404, body: { type: 'not_found', message: `Batch job with id ${job.id} was not found` } };
    expect(await h.request('GET', `/admin/batch-jobs/${job.id}`, { user: 'bob' })).toEqual(expected);
    expect(await h.request('POST', `/admin/batch-jobs/${job.id}/confirm`, { user: 'bob' })).toEqual(expected);
    expect(await h.request('POST', `/admin/batch-jobs/${job.id}/cancel`, { user: 'bob' })).toEqual(expected);
    expect((await h.getJob(job.id, 'alice')).status).toBe('pre_processed');
  });

  it('answers an id that does not exist as not found', async () => {
    const response = await h.request('GET', '/admin/batch-jobs/batch_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(response.status).toBe(404);
    expect((await h.request('GET', '/admin/batch-jobs/not-a-batch-id')).status).toBe(404);
  });
});

describe('validation', () => {
  const create = (body: unknown) => h.request('POST', '/admin/batch-jobs', { body });

  it('names an unknown body key', async () => {
    expect(await create({ type: 'test-units', context: { units: 1 }, colour: 'red' })).toEqual({
      status: 400,
      body: { type: 'invalid_data', message: 'colour: unknown field' },
    });
  });

  it('names a field of the wrong type', async () => {
    const response = await create({ type: 'test-units', context: 'units=1', dry_run: 'yes' });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('invalid_data');
    expect(response.body.message).toMatch(/^context: .*; dry_run: /);
  });

  it('names a missing type', async () => {
    const response = await create({ context: {} });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^type: /);
  });

  it('names an unknown job type and lists the known ones', async () => {
    expect(await create({ type: 'product-exprot', context: {} })).toEqual({
      status: 400,
      body: { type: 'invalid_data', message: 'Unable to find a BatchJob strategy with the type product-exprot. Known types: test-units' },
    });
  });

  it("passes on the strategy's own refusal from prepareBatchJobForProcessing", async () => {
    expect(await create({ type: 'test-units', context: {} })).toEqual({
      status: 400,
      body: { type: 'invalid_data', message: 'context.units must be a number' },
    });
  });

  it('refuses a body that is not JSON', async () => {
    const response = await h.request('POST', '/admin/batch-jobs', { body: '{"type":', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('invalid_data');
    expect(response.body.message).toMatch(/JSON/i);
  });

  it('names unknown and malformed list parameters', async () => {
    const unknown = await h.request('GET', '/admin/batch-jobs?colour=red');
    expect(unknown).toEqual({ status: 400, body: { type: 'invalid_data', message: 'colour: unknown field' } });
    const badDate = await h.request('GET', '/admin/batch-jobs?created_at[gte]=yesterday');
    expect(badDate.status).toBe(400);
    expect(badDate.body.message).toMatch(/^created_at/);
    const badStatus = await h.request('GET', '/admin/batch-jobs?status=running');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.message).toMatch(/^status/);
    const badLimit = await h.request('GET', '/admin/batch-jobs?limit=-1');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.message).toMatch(/^limit/);
  });
});

describe('list', () => {
  let listUser: Harness;
  const jobs: BatchJob[] = [];
  const ids = (list: { batch_jobs: BatchJob[] }) => list.batch_jobs.map((j) => j.id);

  beforeAll(async () => {
    // bob owns exactly these jobs: two done, one waiting for confirm, one of another type
    listUser = await startHarness({
      strategies: [
        testUnitsStrategy,
        { batchType: 'other-type', identifier: 'other', processJob: async () => ({}) },
      ],
    });
    jobs.push(await listUser.createJob({ type: 'test-units', context: { units: 1 } }, 'bob'));
    jobs.push(await listUser.createJob({ type: 'test-units', context: { units: 1 } }, 'bob'));
    jobs.push(await listUser.createJob({ type: 'test-units', context: { units: 1 }, dry_run: true }, 'bob'));
    jobs.push(await listUser.createJob({ type: 'other-type', context: {} }, 'bob'));
    await listUser.waitForJob(jobs[0]!.id, (j) => j.status === 'completed', { user: 'bob' });
    await listUser.waitForJob(jobs[1]!.id, (j) => j.status === 'completed', { user: 'bob' });
    await listUser.waitForJob(jobs[2]!.id, (j) => j.status === 'pre_processed', { user: 'bob' });
    await listUser.waitForJob(jobs[3]!.id, (j) => j.status === 'completed', { user: 'bob' });
    // visibility is eventually consistent: wait until it shows the final statuses
    await eventually(async () => {
      const list = await listUser.request('GET', '/admin/batch-jobs?completed_at=null', { user: 'bob' });
      return list.body.count === 1;
    });
  });
  afterAll(async () => {
    await listUser.close();
  });

  const list = (query: string, user: 'bob' | 'alice' = 'bob') => listUser.request('GET', `/admin/batch-jobs${query}`, { user });

  it("shows only the caller's jobs, newest first, with Medusa's envelope", async () => {
    const response = await list('?limit=50');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ count: 4, offset: 0, limit: 50 });
    expect(ids(response.body)).toEqual(jobs.map((j) => j.id).reverse());
    const alices = await list('?limit=50', 'alice');
    expect(ids(alices.body)).not.toContain(jobs[0]!.id);
  });

  it('pages with limit and offset (default limit 10) and orders oldest first on request', async () => {
    expect((await list('')).body.limit).toBe(10);
    const page = await list('?limit=2&offset=1&order=created_at');
    expect(page.body).toMatchObject({ count: 4, offset: 1, limit: 2 });
    expect(ids(page.body)).toEqual([jobs[1]!.id, jobs[2]!.id]);
  });

  it('filters completed_at=null to unfinished jobs', async () => {
    expect(ids((await list('?completed_at=null')).body)).toEqual([jobs[2]!.id]);
  });

  it('filters by type in every qs form', async () => {
    const other = [jobs[3]!.id];
    expect(ids((await list('?type[0]=other-type')).body)).toEqual(other);
    expect(ids((await list('?type[]=other-type')).body)).toEqual(other);
    expect(ids((await list('?type=other-type')).body)).toEqual(other);
    expect((await list('?type[0]=other-type&type[1]=test-units')).body.count).toBe(4);
  });

  it('filters by status and id', async () => {
    expect(ids((await list('?status=pre_processed')).body)).toEqual([jobs[2]!.id]);
    expect((await list('?status[]=completed&status[]=pre_processed')).body.count).toBe(4);
    expect(ids((await list(`?id=${jobs[1]!.id}`)).body)).toEqual([jobs[1]!.id]);
  });

  it('filters on dates with lt, gt, lte and gte', async () => {
    const second = jobs[1]!.created_at;
    expect(ids((await list(`?created_at[gte]=${second}&order=created_at`)).body)).toEqual(jobs.slice(1).map((j) => j.id));
    expect(ids((await list(`?created_at[gt]=${second}&order=created_at`)).body)).toEqual(jobs.slice(2).map((j) => j.id));
    expect(ids((await list(`?created_at[lt]=${second}`)).body)).toEqual([jobs[0]!.id]);
    expect(ids((await list(`?created_at[lte]=${second}`)).body)).toEqual([jobs[1]!.id, jobs[0]!.id]);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
    expect((await list(`?limit=100&created_at[gte]=${monthAgo}`)).body.count).toBe(4);
    expect((await list(`?confirmed_at[gte]=${monthAgo}`)).body.count).toBe(3);
  });
});

describe('reads with no worker running', () => {
  it('GET answers from the last recorded state, for a finished and a waiting job', async () => {
    const idle = await startHarness();
    try {
      const finished = await idle.createJob({ type: 'test-units', context: { units: 2 } });
      await idle.waitForJob(finished.id, (j) => j.status === 'completed');
      await idle.stopWorker();
      const waiting = await idle.createJob({ type: 'test-units', context: { units: 2 } });

      const started = Date.now();
      expect((await idle.getJob(finished.id)).status).toBe('completed');
      expect(await idle.getJob(waiting.id)).toMatchObject({ id: waiting.id, status: 'created' });
      expect(Date.now() - started).toBeLessThan(5000);

      // and the accepted job is not lost: it runs when a worker comes back
      await idle.startWorker();
      await idle.waitForJob(waiting.id, (j) => j.status === 'completed');
    } finally {
      await idle.close();
    }
  });
});

describe('service routes', () => {
  it('/health checks the Temporal connection', async () => {
    expect(await h.request('GET', '/health', { user: null })).toEqual({ status: 200, body: { status: 'ok', temporal: 'ok' } });
  });

  it('/openapi.json describes every route', async () => {
    const { status, body } = await h.request('GET', '/openapi.json', { user: null });
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths).sort()).toEqual([
      '/admin/batch-jobs',
      '/admin/batch-jobs/{id}',
      '/admin/batch-jobs/{id}/cancel',
      '/admin/batch-jobs/{id}/confirm',
      '/admin/price-lists/{id}',
      '/admin/products',
      '/admin/products/{id}',
      '/admin/uploads',
      '/admin/uploads/download-url',
      '/admin/uploads/protected',
      '/files/{key}',
    ]);
    expect(body.components.schemas.BatchJob.properties.status.enum).toContain('pre_processed');
  });

  it('/docs serves a page and its assets without the internet', async () => {
    const page = await fetch(`${h.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/openapi.json');
    const bundle = await fetch(`${h.baseUrl}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });

  it('an unknown route answers 404 in the same error shape', async () => {
    expect(await h.request('GET', '/admin/nothing-here')).toEqual({
      status: 404,
      body: { type: 'not_found', message: 'No route GET /admin/nothing-here' },
    });
  });
});
