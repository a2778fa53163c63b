export const SESSION_COOKIE = 'sid';

export const readCookie = (cookies: string[] | undefined, name: string): string | undefined => {
  for (const header of cookies ?? []) {
    for (const part of header.split(';')) {
      const [key, ...value] = part.trim().split('=');
      if (key === name) return value.join('=');
    }
  }
  return undefined;
};

export const sessionCookie = (token: string, options: { secure: boolean; maxAgeSeconds: number }) =>
  [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${options.maxAgeSeconds}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');

export const clearedSessionCookie = (options: { secure: boolean }) =>
  sessionCookie('', { ...options, maxAgeSeconds: 0 });
