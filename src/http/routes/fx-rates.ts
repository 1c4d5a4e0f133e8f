import { Router } from 'express';
import { z } from 'zod';
import { isCalendarDate } from '../../domain/dates.ts';
import { fxDays, saveEurRates } from '../../persistence/fx/fx-rate.repository.ts';
import { requireRole } from '../middleware/auth.ts';
import { parse } from '../validate.ts';

/** Exchange rates, per 1 EUR as the ECB publishes them (admin). */
export function fxRoutes(): Router {
  const r = Router();
  const admin = requireRole('admin');
  r.get('/fx-rates', admin, async (_req, res) => {
    res.json({ days: await fxDays() });
  });
  r.post('/fx-rates', admin, async (req, res) => {
    const b = parse(
      z
        .object({
          date: z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD'),
          source: z.string().min(1).max(200),
          perEur: z.record(
            z.string().regex(/^[A-Z]{3}$/, 'must be a currency code such as USD'),
            z.string().regex(/^\d{1,6}(\.\d{1,8})?$/, 'must be a rate such as 1.0825'),
          ),
        })
        .strict(),
      req.body ?? {},
      'body',
    );
    const rates = await saveEurRates([{ date: b.date, perEur: b.perEur, source: b.source }]);
    res.status(201).json({ date: b.date, rates });
  });
  return r;
}
