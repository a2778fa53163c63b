import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini ships no messages (every issue would say "Invalid input"); English, as full zod had it.
config(en());

export * from 'zod/mini';
