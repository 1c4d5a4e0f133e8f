import { describe, expect, it } from 'vitest';
import { serverError, useMongo } from '../support/mongo.ts';

describe('handshake and server info', () => {
  const m = useMongo();

  it('answers hello as a writable standalone (no replica set name)', async () => {
    const hello = await m.db.admin().command({ hello: 1 });
    expect(hello.ok).toBe(1);
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.setName).toBeUndefined();
    expect(hello.msg).toBeUndefined();
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(8);
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    expect(hello.localTime).toBeInstanceOf(Date);
  });

  it('answers the legacy isMaster too', async () => {
    const r = await m.db.admin().command({ isMaster: 1 });
    expect(r.ismaster).toBe(true);
  });

  it('answers ping, buildInfo, getParameter and endSessions', async () => {
    expect((await m.db.command({ ping: 1 })).ok).toBe(1);
    const info = await m.db.admin().command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Array.isArray(info.versionArray)).toBe(true);
    const fcv = await m.db.admin().command({ getParameter: 1, featureCompatibilityVersion: 1 });
    expect(fcv.featureCompatibilityVersion.version).toMatch(/^\d+\.\d+$/);
    expect((await m.db.admin().command({ endSessions: [] })).ok).toBe(1);
  });

  it('rejects an unknown command with CommandNotFound (59) instead of ignoring it', async () => {
    const e = await serverError(m.db.command({ frobnicate: 1 }));
    expect(e.code).toBe(59);
    expect(e.codeName).toBe('CommandNotFound');
  });

  it('refuses transactions on a standalone server with IllegalOperation (20)', async () => {
    const coll = m.db.collection('txn');
    const session = m.client.startSession();
    try {
      session.startTransaction();
      const e = await serverError(coll.insertOne({ a: 1 }, { session }));
      expect(e.code).toBe(20);
      await session.abortTransaction().catch(() => {});
    } finally {
      await session.endSession();
    }
    expect(await coll.countDocuments()).toBe(0);
  });
});
