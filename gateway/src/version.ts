/** Reported in the gateway's presence message and `--version`. */
export const GATEWAY_VERSION = '0.1.0';
