/** How a WebSocket client asked to be authenticated, read from its upgrade URL. */
export type ConnectionRequest =
  | { kind: 'password'; username: string | undefined; password: string | undefined; phoneNumber: string }
  | { kind: 'token'; token: string | undefined }
  | { kind: 'notFound' };

const passwordPaths = new Set(['/xuc/ctichannel', '/ctichannel']);
const tokenPaths = new Set(['/xuc/ctichannel/tokenAuthentication', '/xuc/api/2.0/cti']);

/**
 * Reads the three URL forms of xuc-websocket.md §2.1. Query keys lose a leading `amp;`: the 2016
 * documentation rendered `&` as `&amp;` and the XiVO-CC web app copied it literally.
 * `agentNumber` is the phone number the user sits at; empty or "0" means none.
 */
export function parseConnectionUrl(rawUrl: string | undefined): ConnectionRequest {
  const url = new URL(rawUrl ?? '/', 'http://localhost');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const query = new Map<string, string>();
  for (const [key, value] of url.searchParams) query.set(key.replace(/^(amp;)+/, ''), value);
  if (passwordPaths.has(path)) {
    const phone = query.get('agentNumber') ?? '';
    return {
      kind: 'password',
      username: query.get('username'),
      password: query.get('password'),
      phoneNumber: phone === '0' ? '' : phone,
    };
  }
  if (tokenPaths.has(path)) return { kind: 'token', token: query.get('token') };
  return { kind: 'notFound' };
}
