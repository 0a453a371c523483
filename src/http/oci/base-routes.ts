// GET /v2/ — "this registry implements the distribution API" (spec "Determining Support").
import type { OciRoute } from './oci-context.js';

export const baseRoute: OciRoute = {
  pattern: /^\/v2\/?$/,
  handlers: {
    GET: async ({ reply }) => reply.code(200).header('content-type', 'application/json').send('{}'),
    HEAD: async ({ reply }) => reply.code(200).header('content-type', 'application/json').header('content-length', '2').send(),
  },
};
