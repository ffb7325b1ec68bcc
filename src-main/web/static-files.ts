/** Serves the built renderer (out/renderer) read-only, with no way out of its folder. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sep } from 'node:path';
import { contentTypeFor, resolveStaticPath } from '../core/static-path';

export { resolveStaticPath };

/**
 * Answers a GET/HEAD for a static file: 200 with the file, 404 when there is none (or the path is refused).
 * `/favicon.ico` without a file answers 204 so the browser's automatic request logs no error.
 */
export async function serveStatic(
  root: string,
  urlPath: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const file = resolveStaticPath(root, urlPath);
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) {
    if (urlPath === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const missingIndex = file?.endsWith(`${sep}index.html`) && urlPath === '/';
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(
      missingIndex
        ? 'The renderer is not built: run `npm run web` (it builds it) or `npm run build`.'
        : 'Not found',
    );
    return;
  }
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file),
    'Content-Length': info.size,
    // Hashed asset names change with every build, but index.html does not: revalidate everything, it is local.
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
