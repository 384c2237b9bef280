/**
 * The digest on the shared job queue: ticks taken by two server instances on one database (whichever instance
 * takes a tick) e-mail a team its week once; the tick is scheduled every 15 minutes under one key.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { zTeam } from '../../utils/contract.ts';
import { type JobQueue, startJobQueue } from '../jobs/queue.ts';
import { testDatabases } from '../testing/databases.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { DIGEST_TICK, DIGEST_TICK_CRON, defineDigestJobs } from './jobs.ts';
import { smtpTransport } from './transports.ts';

describe.each(testDatabases)('the digest on the job queue on $name', (database) => {
  let server: TestServer;
  let smtp: SMTPServer;
  let port = 0;
  const mails: ParsedMail[] = [];
  const queues: JobQueue[] = [];
  beforeAll(async () => {
    server = await startTestServer(database);
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        void simpleParser(stream).then((mail) => {
          mails.push(mail);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const queue of queues) await queue.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await server.close();
  });

  it('sends a team its digest once, whichever of two instances takes each tick', async () => {
    const ws = await server.workspace();
    const created = await ws.admin.post('/v1/teams', {
      name: 'Payments',
      slug: 'payments',
      timeZone: 'America/New_York',
      members: [{ name: 'Ana', email: 'ana@acme.test' }],
    });
    const team = zTeam.parse(created.body);
    // Monday 08:05 in New York.
    const clock = () => new Date('2026-11-02T13:05:00Z');
    const email = smtpTransport({ url: `smtp://127.0.0.1:${port}`, from: 'hallway@acme.test', timeoutMs: 2_000 });
    for (let n = 0; n < 2; n += 1) {
      const jobs = await startJobQueue(server.db, { pollingIntervalSeconds: 0.5 });
      queues.push(jobs);
      await defineDigestJobs({ db: server.db, clock, jobs }, { transports: { email }, schedule: n === 0 });
    }
    for (const jobs of [...queues, ...queues]) {
      const id = await jobs.send(DIGEST_TICK, {});
      if (id)
        await vi.waitFor(async () => expect((await jobs.state(DIGEST_TICK, id))?.state).toBe('completed'), {
          timeout: 30_000,
          interval: 100,
        });
    }
    const ours = mails.filter((mail) => mail.subject?.includes(team.name));
    expect(ours.map((mail) => mail.subject)).toEqual(['Hallway weekly digest: Payments, week of 2026-10-26']);
    expect(DIGEST_TICK_CRON).toBe('*/15 * * * *');
  });
});
