// markdown-it's constructor, loaded from its CommonJS bundle. Its ESM entry is the same code as ~60
// separate modules; one bundled file loads in a third of the time (14 ms vs 36 ms), which every
// `jobfam validate` pays at start-up. (markdown-it 15's ESM bundle is transpiled with a
// defineProperty helper per class field: its tokens are built at half the speed, hence 14.x.)
import { createRequire } from 'node:module';
import type MarkdownItModule from 'markdown-it';

export const MarkdownIt = createRequire(import.meta.url)('markdown-it') as typeof MarkdownItModule;
