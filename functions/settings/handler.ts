import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { runtime } from '../../shared/runtime';
import { UpdateSettingsSchema } from '../../shared/settings/settings';
import { updateSettings } from '../../shared/settings/update-settings';

export const handler = apiHandler(runtime, {
  'GET /api/settings': async ({ settings }) => ({ status: 200, body: settings }),
  'PUT /api/settings': async ({ body, user }) => ({
    status: 200,
    body: await updateSettings(runtime, { actor: user, changes: parseInput(UpdateSettingsSchema, body) }),
  }),
});
