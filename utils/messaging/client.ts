import { browser } from 'wxt/browser';
import { t } from '../i18n.ts';
import type { MessageData, MessageResult, MessageType, Result } from './protocol.ts';

/** Sends a typed message to the background; a background that cannot be reached answers as an error, never throws. */
export async function sendMessage<T extends MessageType>(
  type: T,
  data: MessageData<T>,
): Promise<Result<MessageResult<T>>> {
  try {
    const response = (await browser.runtime.sendMessage({ type, data })) as Result<MessageResult<T>> | undefined;
    return response ?? { ok: false, error: { code: 'no_response', message: t('error.noAnswer') } };
  } catch (error) {
    return {
      ok: false,
      error: { code: 'unreachable', message: error instanceof Error ? error.message : String(error) },
    };
  }
}
