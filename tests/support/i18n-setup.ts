/**
 * Unit tests run in Node against WXT's fake browser, whose `i18n` is not mocked: it answers here as Chromium does in
 * English (the tests, like the e2e suite's Chromium, read English text), from the messages the build writes.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { chromeMessages, getMessageFrom } from './locale-messages.ts';

const getMessage = getMessageFrom(await chromeMessages('en'));
Object.assign(fakeBrowser.i18n, {
  getMessage: (name: string, substitutions?: string | string[]) =>
    name === '@@bidi_dir' ? 'ltr' : name === '@@ui_locale' ? 'en' : getMessage(name, substitutions),
  getUILanguage: () => 'en',
});
