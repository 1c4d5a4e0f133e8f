import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { hashStatusToken } from '../../src/persistence/status-links/status-link.repository.ts';
import { runCli as runCliWith } from '../support/cli.ts';
import { useMongo } from '../support/mongo.ts';

const runCli = (args: string[], mongoUri: string) => runCliWith(args, mongoUri, { PUBLIC_URL: 'https://betalingen.example.nl' });

describe('tijdig status-links', () => {
  const m = useMongo();

  it('creates a link, prints its URL once, lists it without the token, and revokes it', async () => {
    await m.db.collection('suppliers').insertOne({ supplierId: 'LEV001', name: 'Bakkerij Jansen' });
    const made = await runCli(['status-links', 'create', 'LEV001', '--expires', '90d'], m.uri);
    expect(made.code).toBe(0);
    const url = made.stdout.trim();
    expect(url).toMatch(/^https:\/\/betalingen\.example\.nl\/s\/[A-Za-z0-9_-]{32}$/);
    expect(made.stderr).toMatch(/shown only this once/);
    const token = url.split('/s/')[1];
    const client = await new MongoClient(m.uri).connect();
    const stored = await client.db(m.dbName).collection('statusLinks').findOne({ supplierId: 'LEV001' });
    await client.close();
    expect(stored?.tokenHash).toBe(hashStatusToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((stored!.expiresAt.getTime() - stored!.createdAt.getTime()) / 86_400_000).toBe(90);

    const listed = await runCli(['status-links', 'list', 'LEV001'], m.uri);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(String(stored!._id));
    expect(listed.stdout).toMatch(/LEV001\s+active/);
    expect(listed.stdout).not.toContain(token);

    const revoked = await runCli(['status-links', 'revoke', String(stored!._id)], m.uri);
    expect(revoked.code).toBe(0);
    expect((await runCli(['status-links', 'list'], m.uri)).stdout).toMatch(/LEV001\s+revoked/);
  });

  it('refuses an unknown supplier and a duration it cannot read, saying why', async () => {
    const unknown = await runCli(['status-links', 'create', 'NOPE'], m.uri);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no supplier NOPE/);
    const bad = await runCli(['status-links', 'create', 'LEV001', '--expires', 'soon'], m.uri);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/"soon" is not a number of days such as 180d/);
  });
});
