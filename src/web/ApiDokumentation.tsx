/**
 * The REST API's documentation page (`/api/docs`): Swagger UI, served from this site (its files from the
 * swagger-ui-dist package, its start from `/api/docs/init.js`), reading `/api/openapi.json`. The one page that
 * runs scripts; src/api/rest/openapi.ts gives it the CSP that allows its own.
 */
import { renderToString } from 'preact-render-to-string';

function ApiDokumentation() {
  return (
    <html lang="sv">
      <head>
        <meta charset="utf-8" />
        <title>Årshjul – API</title>
        <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
      </head>
      <body>
        <div id="swagger-ui" />
        <script src="/api/docs/swagger-ui-bundle.js" />
        <script src="/api/docs/swagger-ui-standalone-preset.js" />
        <script src="/api/docs/init.js" />
      </body>
    </html>
  );
}

/** The page's HTML, rendered once. */
export const API_DOKUMENTATION = `<!DOCTYPE html>\n${renderToString(<ApiDokumentation />)}`;
