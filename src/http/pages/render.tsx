import type { Request, Response } from 'express';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { MessagePage } from '../../web/views/layout.tsx';

export const renderPage = (page: VNode): string => `<!doctype html>${render(page)}`;

export function sendPage(res: Response, status: number, page: VNode): void {
  res.status(status).type('html').send(renderPage(page));
}

/**
 * Not found. Every unknown, revoked or expired link gets exactly these bytes (for the same language),
 * so an answer tells nothing about which of the three it was.
 */
export function sendNotFound(req: Request, res: Response): void {
  const t = req.locale.t;
  sendPage(
    res,
    404,
    <MessagePage
      locale={req.locale}
      title={t.notFound.title}
      heading={t.notFound.heading}
      paragraphs={[t.notFound.body, t.notFound.advice]}
      link={{ href: '/lookup', text: t.notFound.lookupLink }}
    />,
  );
}

export function sendTooMany(req: Request, res: Response): void {
  const t = req.locale.t.tooMany;
  sendPage(res, 429, <MessagePage locale={req.locale} title={t.title} heading={t.heading} paragraphs={[t.body]} />);
}

/** An error on a page: a page in the reader's language, not the API's JSON (500s carry the error id). */
export function sendErrorPage(req: Request, res: Response, status: number, errorId?: string): void {
  const t = req.locale.t.failed;
  if (status === 503) {
    res.set('Cache-Control', 'no-store');
    sendPage(
      res,
      503,
      <MessagePage locale={req.locale} title={t.unavailableTitle} heading={t.unavailableTitle} paragraphs={[t.unavailableBody]} />,
    );
    return;
  }
  const server = status >= 500;
  sendPage(
    res,
    status,
    <MessagePage
      locale={req.locale}
      title={server ? t.title : t.badTitle}
      heading={server ? t.heading : t.badTitle}
      paragraphs={server ? [t.body, ...(errorId ? [t.errorId(errorId)] : [])] : [t.badBody]}
    />,
  );
}
