/** /payment-practices: the organisation's own published payment figures (when it chooses to publish). */
import { Router } from 'express';
import { sampleDataInfo } from '../../persistence/sample-data/sample-data.ts';
import { publishedPractices } from '../../services/published-practices.ts';
import { practicesView } from '../../web/view-models/practices-view.ts';
import { MessagePage } from '../../web/views/layout.tsx';
import { PracticesPage } from '../../web/views/practices-page.tsx';
import type { PageDeps } from './page-deps.ts';
import { sendPage } from './render.tsx';

export function practicesPages(deps: PageDeps): Router {
  const r = Router();
  r.get('/payment-practices', async (req, res) => {
    const t = req.locale.t;
    if (!(await deps.practicesPublished())) {
      sendPage(
        res,
        404,
        <MessagePage locale={req.locale} title={t.practices.title} heading={t.practices.title} paragraphs={[t.practices.notPublished]} />,
      );
      return;
    }
    const reports = await publishedPractices(deps.today(), deps.org);
    res.set('Cache-Control', 'public, max-age=300');
    const sample = (await sampleDataInfo()) !== null;
    sendPage(res, 200, <PracticesPage locale={req.locale} view={practicesView(reports, req.locale, deps.orgName)} sample={sample} />);
  });
  return r;
}
