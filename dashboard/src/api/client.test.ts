import { describe, expect, it } from 'vitest';
import { machineView } from '../models/machine-view.fixture.js';
import { ApiRequestError, createApiClient } from './client.js';

const respond =
  (body: string, init: ResponseInit = {}): typeof fetch =>
  async () =>
    new Response(body, init);

describe('createApiClient', () => {
  it('lists the machines of GET /api/machines', async () => {
    const client = createApiClient({
      fetch: respond(JSON.stringify({ machines: [machineView({ id: 'p1' })] })),
    });
    const machines = await client.listMachines();
    expect(machines.map((machine) => machine.id)).toEqual(['p1']);
  });

  it('says which request failed with the HTTP status and the server error body', async () => {
    const body = JSON.stringify({
      code: 'unavailable',
      message: 'store not ready',
      requestId: 'r1',
    });
    const client = createApiClient({
      fetch: respond(body, { status: 503, statusText: 'Service Unavailable' }),
    });
    const error = await client.listMachines().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).message).toBe(
      'GET /api/machines failed: HTTP 503 Service Unavailable — unavailable: store not ready',
    );
    expect((error as ApiRequestError).code).toBe('unavailable');
  });

  it('says when the network failed', async () => {
    const client = createApiClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(client.listMachines()).rejects.toThrow(
      'GET /api/machines failed: network error (Failed to fetch)',
    );
  });

  it('says when the body is not JSON (an HTML page from a proxy, say)', async () => {
    const client = createApiClient({
      fetch: respond('<html></html>', { headers: { 'content-type': 'text/html' } }),
    });
    await expect(client.listMachines()).rejects.toThrow(
      'GET /api/machines failed: the response is not JSON (text/html)',
    );
  });

  it('says when the body has not the expected shape', async () => {
    const client = createApiClient({ fetch: respond('[]') });
    await expect(client.listMachines()).rejects.toThrow('expected a body { machines: [...] }');
  });

  it('reads the health check', async () => {
    const client = createApiClient({
      fetch: respond(JSON.stringify({ status: 'ok', uptime_s: 3 })),
    });
    await expect(client.health()).resolves.toMatchObject({ status: 'ok' });
  });
});
