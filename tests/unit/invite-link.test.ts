import { describe, expect, it } from 'vitest';
import { parseInviteLink } from '../../utils/auth/flow.ts';
import { inviteLink } from '../../utils/contract.ts';

describe('invite links', () => {
  it("are read by the extension as the server makes them: the server's URL and the secret", () => {
    for (const server of ['https://hallway.acme.com', 'https://acme.com/hallway/']) {
      const link = inviteLink(server, 'hwi_AbC-d_9');
      expect(link).toContain('/invite#invite=');
      expect(parseInviteLink(link)).toEqual({ serverUrl: server.replace(/\/$/, ''), invite: 'hwi_AbC-d_9' });
    }
  });
});
