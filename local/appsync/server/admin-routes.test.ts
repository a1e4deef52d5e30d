// POST /__sandbox/realtime/drop ends every open real-time socket, abruptly unless asked to be graceful.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleRealtimeAdminRequest } from './admin-routes.js';
import { apiKeyProtocols, startHarness, TestSocket, type Harness } from './testing/fixture.js';

let h: Harness;
let admin: Server;
let adminUrl: string;
beforeAll(async () => {
  h = await startHarness();
  admin = createServer((req, res) => {
    void handleRealtimeAdminRequest(h.server, req, res).then((handled) => {
      if (!handled) res.writeHead(418).end();
    });
  });
  admin.listen(0, '127.0.0.1');
  await once(admin, 'listening');
  adminUrl = `http://127.0.0.1:${(admin.address() as AddressInfo).port}/__sandbox/realtime`;
});
afterAll(async () => {
  await new Promise((resolve) => admin.close(resolve));
  await h.server.close();
});

async function openSockets(count: number): Promise<TestSocket[]> {
  const host = new URL(h.server.graphqlUrl).host;
  const sockets = await Promise.all(Array.from({ length: count }, () => TestSocket.open(h.server.realtimeUrl, apiKeyProtocols(host))));
  for (const socket of sockets) {
    socket.send({ type: 'connection_init' });
    await socket.waitFor((m) => m.type === 'connection_ack');
  }
  return sockets;
}

const closeCode = async (socket: TestSocket) => {
  for (let i = 0; i < 100 && !socket.closed; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  return socket.closed?.code;
};

describe('POST /__sandbox/realtime/drop', () => {
  it('cuts every open socket without a close frame and answers how many', async () => {
    const sockets = await openSockets(2);
    const response = await fetch(`${adminUrl}/drop`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ dropped: 2 });
    expect(await Promise.all(sockets.map(closeCode))).toEqual([1006, 1006]);
    expect(h.server.stats().openConnections).toBe(0);
  });

  it('closes with 1001 when graceful', async () => {
    const [socket] = await openSockets(1);
    const response = await fetch(`${adminUrl}/drop`, { method: 'POST', body: JSON.stringify({ graceful: true }) });
    expect(await response.json()).toEqual({ dropped: 1 });
    expect(await closeCode(socket!)).toBe(1001);
  });

  it('answers 0 with nothing open, and refuses other methods, routes and bodies', async () => {
    expect(await (await fetch(`${adminUrl}/drop`, { method: 'POST', body: '{"graceful":false}' })).json()).toEqual({ dropped: 0 });
    expect((await fetch(`${adminUrl}/drop`)).status).toBe(404);
    expect((await fetch(`${adminUrl}/other`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${adminUrl}/drop`, { method: 'POST', body: 'nope' })).status).toBe(400);
    expect((await fetch(`${adminUrl}/drop`, { method: 'POST', body: '{"graceful":"yes"}' })).status).toBe(400);
    expect((await fetch(adminUrl.replace('/realtime', '/model/faults'))).status).toBe(418);
  });
});
