/** `baseUrl` + a path starting with `/`, with no doubled slash when the base is a bare origin. */
export function upstreamUrl(options: { baseUrl: URL; path: string }): URL {
  return new URL(`${options.baseUrl.href.replace(/\/+$/, '')}${options.path}`);
}
