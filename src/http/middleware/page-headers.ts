/** Headers for the web pages. */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Nothing from elsewhere, no inline script or style: pages load only the app's own assets. */
export const strictCsp: RequestHandler = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
});

/** A page reached by a secret link: never cached, never indexed, never leaks its URL as a referrer. */
export const privatePage: RequestHandler = (_req, res, next) => {
  res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex, nofollow' });
  next();
};
