/**
 * The one stylesheet of the pages (./arshjul.css), served as a static file under a name that carries its content's
 * hash: a browser may keep it for a year, and a changed stylesheet is a new address. The pages' CSP allows styles
 * from this site only (`style-src 'self'`): no inline style, no style attribute.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';

const css = readFileSync(path.join(__dirname, 'arshjul.css'));
const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);

/** The stylesheet's address, e.g. `/stil/arshjul.3f2a9c1b7d04.css`. */
export const STILMALL = `/stil/arshjul.${hash}.css`;

export function stilRouter(): express.Router {
  const router = express.Router();
  router.get(STILMALL, (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=31536000, immutable').send(css);
  });
  return router;
}
