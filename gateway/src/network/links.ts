/**
 * The gateway's network link factory: the machine's `transport` picks the link.
 * @module
 */
import { openHttpLink } from './http-link.js';
import type { LinkFactory } from './link.js';
import { openMqttLink } from './mqtt-link.js';
import { openWebSocketLink } from './websocket-link.js';

export const openNetworkLink: LinkFactory = (options) => {
  switch (options.machine.transport) {
    case 'mqtt':
      return openMqttLink(options);
    case 'http':
      return openHttpLink(options);
    case 'websocket':
      return openWebSocketLink(options);
  }
};
