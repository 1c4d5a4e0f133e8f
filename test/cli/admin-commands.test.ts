import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/persistence/tokens/token.repository.ts';
import { runCli } from '../support/cli.ts';
import { useMongo } from '../support/mongo.ts';

describe('tijdig tokens and rates', () => {
  const m = useMongo();

  it('prints a new token once and stores only its hash', async () => {
    const r = await runCli(['tokens', 'create', '--role', 'finance', '--name', 'Finance team'], m.uri);
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    expect(token).toMatch(/^tjd_[A-Za-z0-9_-]{40,}$/);
    const client = await new MongoClient(m.uri).connect();
    const stored = await client.db(m.dbName).collection('apiTokens').findOne({ name: 'Finance team' });
    await client.close();
    expect(stored).toMatchObject({ role: 'finance', tokenHash: hashToken(token) });
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('refuses an unknown role, naming the choices', async () => {
    const r = await runCli(['tokens', 'create', '--role', 'boss', '--name', 'x'], m.uri);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/admin, finance, procurement/);
  });

  it('adds a half-year reference rate with its source, and refuses a date that is not a reference date', async () => {
    const ok = await runCli(['rates', 'add', '2026-01-01', '2.15', '--source', 'ECB MRO on 1 January 2026'], m.uri);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/EU reference rate 2\.15% from 2026-01-01 stored/);
    const client = await new MongoClient(m.uri).connect();
    const rate = await client.db(m.dbName).collection('referenceRates').findOne({ from: '2026-01-01' });
    await client.close();
    expect(rate).toMatchObject({ family: 'EU', rate: '2.15', source: 'ECB MRO on 1 January 2026' });
    const bad = await runCli(['rates', 'add', '2026-02-01', '2.15', '--source', 'x'], m.uri);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/1 January or 1 July, not 2026-02-01/);
  });
});
