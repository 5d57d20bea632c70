/**
 * The ingest's broker floor: bare aedes, started as the server's embedded broker starts it
 * (`server/src/broker/embedded.ts`: `Aedes.createBroker`, a `net` server, an in-process
 * `aedes.subscribe` on `manufacto/#`), with a subscriber that only counts. No authentication, no
 * journal, no validation, no InfluxDB: what a QoS 1 message costs before Manufacto does anything
 * with it. Run by the ingest bench in its own process, so its CPU is read as the server's is.
 *
 * `PORT=<http port> MQTT_PORT=<mqtt port> node --import tsx test/bench/bare-broker.ts`
 * answers `/health` and `/metrics` (`bare_broker_messages_total`).
 * @module
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { TOPIC_ROOT } from '@manufacto/firmware-profiles/contract';
import { Aedes } from 'aedes';

const port = Number(process.env.PORT);
const mqttPort = Number(process.env.MQTT_PORT);
const host = process.env.HOST ?? '127.0.0.1';
if (!port || !mqttPort) throw new Error('PORT and MQTT_PORT: the ports to listen on are missing');

let received = 0;
const aedes = await Aedes.createBroker({ connectTimeout: 5000 });
await new Promise<void>((resolve) =>
  aedes.subscribe(
    `${TOPIC_ROOT}/#`,
    (packet, done) => {
      if (packet.topic.endsWith('/telemetry')) received += 1;
      done();
    },
    () => resolve(),
  ),
);
const mqttServer = createServer(aedes.handle);
await new Promise<void>((resolve) => mqttServer.listen(mqttPort, host, () => resolve()));

const http = createHttpServer((req, res) => {
  if (req.url === '/health') res.end('ok');
  else if (req.url === '/metrics') res.end(`bare_broker_messages_total ${received}\n`);
  else {
    res.statusCode = 404;
    res.end();
  }
});
http.listen(port, host);

process.once('SIGTERM', () => {
  aedes.close(() => {
    mqttServer.close();
    http.close();
    process.exit(0);
  });
});
