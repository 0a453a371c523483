// GET /v2/ — "this registry implements the distribution API" (spec "Determining Support"). Any valid
// token opens it, whichever account the host names: `docker login` to another account's registry
// must succeed for cross-account pulls to work; each repository request is then decided on its own.
import type { OciRoute } from './oci-context.js';

export const baseRoute: OciRoute = {
  pattern: /^\/v2\/?$/,
  handlers: {
    GET: async ({ reply }) => reply.code(200).header('content-type', 'application/json').send('{}'),
    HEAD: async ({ reply }) => reply.code(200).header('content-type', 'application/json').header('content-length', '2').send(),
  },
  actions: { GET: [], HEAD: [] },
};
