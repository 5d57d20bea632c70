/**
 * The CLI's side of the control socket (control-socket.ts): hands a file to the running gateway
 * and follows the job, or asks it to pause, resume or cancel one.
 * @module
 */
import { connect } from 'node:net';

export type ControlEvent =
  | { event: 'started'; lines: number; estimatedSeconds: number }
  | {
      event: 'progress';
      linesAcked: number;
      linesTotal: number;
      progressPct: number;
      phase: string;
    }
  | { event: 'done'; outcome: 'completed' | 'cancelled' | 'failed'; reason?: string }
  | { event: 'ok'; job: string; phase: string }
  | { event: 'error'; message: string };

/**
 * Sends one request (and the file's bytes after it, for `send`); calls `onEvent` for every answer
 * and resolves with the last one when the gateway closes the connection.
 */
export function controlRequest(
  socketPath: string,
  request: Record<string, unknown>,
  body: Buffer | undefined,
  onEvent: (event: ControlEvent) => void,
): Promise<ControlEvent | undefined> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let last: ControlEvent | undefined;
    let partial = '';
    socket.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT' || error.code === 'ECONNREFUSED'
            ? `no gateway is running with this config (no control socket at ${socketPath})`
            : `control socket ${socketPath}: ${error.message}`,
        ),
      ),
    );
    socket.on('connect', () => {
      socket.write(`${JSON.stringify(request)}\n`);
      if (body) socket.write(body);
    });
    socket.on('data', (chunk: Buffer) => {
      partial += chunk.toString('utf8');
      for (let i = partial.indexOf('\n'); i !== -1; i = partial.indexOf('\n')) {
        const line = partial.slice(0, i);
        partial = partial.slice(i + 1);
        try {
          last = JSON.parse(line) as ControlEvent;
        } catch {
          continue;
        }
        onEvent(last);
      }
    });
    socket.on('close', () => resolve(last));
  });
}
