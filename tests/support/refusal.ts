import { say } from '../../utils/i18n.ts';
import { messageOf } from '../../utils/message.ts';

/**
 * How a refused write reads: its error's code and its message said in the test's language (English unless the test
 * speaks another), as the message router answers it. Fails when the write succeeds or throws without a message key.
 */
export async function refusalOf(write: Promise<unknown>): Promise<{ code: string; text: string }> {
  const error = await write.then(
    () => {
      throw new Error('the write was not refused');
    },
    (refused: unknown) => refused,
  );
  const text = messageOf(error);
  if (!text) throw new Error(`the refusal carries no message key: ${String(error)}`);
  return { code: (error as { code: string }).code, text: say(text) };
}
