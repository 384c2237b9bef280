import '../utils/zod-jitless.ts';
import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../utils/background/index.ts';

export default defineBackground({ type: 'module', main: startBackground });
