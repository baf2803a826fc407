import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

/**
 * The origin links in an answer point at: the configured public URL when there is one (the Host
 * header is the client's to choose), else the origin the request came to.
 */
export function publicOrigin(config: Pick<Config, 'publicUrl'>, request: FastifyRequest): string {
  return config.publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
}
