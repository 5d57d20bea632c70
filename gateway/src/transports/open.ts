/**
 * The gateway's connection factory: `tcp://host:port` goes over the network (FluidNC, ESP3D,
 * ser2net), anything else is a serial device node.
 * @module
 */
import type { ConnectionFactory } from './connection.js';
import { openSerialConnection } from './serial.js';
import { isTcpPort, openTcpConnection } from './tcp.js';

export const openMachineConnection: ConnectionFactory = (target) =>
  isTcpPort(target.path) ? openTcpConnection(target) : openSerialConnection(target);
