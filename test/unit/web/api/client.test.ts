import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  getSession,
  listUsers,
  listWorkers,
  setUnauthenticatedHandler,
  signOut,
  updateUser,
} from '../../../../web/src/api/client';

const fetchMock = vi.fn<typeof fetch>();
const respond = (status: number, body?: unknown) =>
  fetchMock.mockResolvedValueOnce(
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    }),
  );
const lastInit = () => fetchMock.mock.calls.at(-1)?.[1] ?? {};

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  setUnauthenticatedHandler(undefined);
  vi.unstubAllGlobals();
});

describe('the API client', () => {
  it('sends the session cookie and the JSON content type the CSRF guard wants on every change', async () => {
    respond(204);

    await signOut();

    expect(lastInit()).toMatchObject({ method: 'DELETE', credentials: 'same-origin' });
    expect((lastInit().headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('leaves empty filters out of the query string', async () => {
    respond(200, { items: [] });

    await listUsers({ q: '', role: 'staff', limit: 25 });

    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/users?role=staff&limit=25');
  });

  it('turns an error body into an ApiError with its field errors', async () => {
    respond(400, {
      error: {
        code: 'validation_failed',
        message: 'Check email',
        details: { fieldErrors: { email: ['Enter a valid email address'] } },
      },
    });

    const error = await updateUser('u1', { email: 'x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((error as ApiError).fieldErrors).toEqual({ email: ['Enter a valid email address'] });
  });

  it('says nothing it cannot back up when the answer is not the API’s', async () => {
    fetchMock.mockResolvedValueOnce(new Response('<html>Bad gateway</html>', { status: 502 }));

    await expect(listUsers({})).rejects.toMatchObject({ status: 502, code: 'internal_error' });
  });

  it('reports an unreachable server as a network error', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));

    await expect(listUsers({})).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('sends the app back to sign-in on a 401 from any page', async () => {
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    respond(401, { error: { code: 'unauthenticated', message: 'Sign in' } });

    await expect(listUsers({})).rejects.toBeInstanceOf(ApiError);

    expect(onUnauthenticated).toHaveBeenCalledOnce();
  });

  it('treats a 401 from the session check as nobody signed in, not as an expiry', async () => {
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    respond(401, { error: { code: 'unauthenticated', message: 'Sign in' } });

    expect(await getSession()).toBeNull();
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('lists everyone who can log time: staff and admins, every page, by name', async () => {
    const aPerson = (id: string, name: string) => ({ id, name });
    fetchMock.mockImplementation(async (input) => {
      const url = new URL(String(input), 'http://app.test');
      const role = url.searchParams.get('role');
      const cursor = url.searchParams.get('cursor');
      const page =
        role === 'admin'
          ? { items: [aPerson('a1', 'Alex')] }
          : cursor
            ? { items: [aPerson('s2', 'Sam')] }
            : { items: [aPerson('s1', 'Jordan')], nextCursor: 'next' };
      return new Response(JSON.stringify(page), { status: 200 });
    });

    const workers = await listWorkers();

    expect(workers.map((user) => user.name)).toEqual(['Alex', 'Jordan', 'Sam']);
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(
      expect.arrayContaining([
        '/api/users?role=staff&limit=100',
        '/api/users?role=staff&limit=100&cursor=next',
        '/api/users?role=admin&limit=100',
      ]),
    );
  });
});
