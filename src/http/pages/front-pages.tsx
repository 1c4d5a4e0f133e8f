/** `/` for anyone not signed in (the web app sends a signed-in user on to /app first). */
import { Router } from 'express';
import { sampleDataInfo } from '../../persistence/sample-data/sample-data.ts';
import { hasUsers } from '../../services/first-admin.ts';
import { FrontPage } from '../../web/views/front-page.tsx';
import type { PageDeps } from './page-deps.ts';
import { sendPage } from './render.tsx';

export function frontPages(deps: PageDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    // It changes once the first admin exists: not kept by caches.
    res.set('Cache-Control', 'no-cache');
    sendPage(
      res,
      200,
      <FrontPage
        locale={req.locale}
        orgName={deps.orgName}
        noUsers={!(await hasUsers())}
        practices={await deps.practicesPublished()}
        sample={(await sampleDataInfo()) !== null}
      />,
    );
  });
  return r;
}
