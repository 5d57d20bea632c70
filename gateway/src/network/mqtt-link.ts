/**
 * The MQTT link: to the device's own broker (a Bambu printer, over TLS with its self-signed
 * certificate) or to the workshop's broker its plugs publish to (Shelly, Tasmota, OctoPrint's
 * plugin). Subscribes to the profile's topics, publishes what it asks at connect and on its
 * cadence, reconnects with backoff.
 * @module
 */
import { decodePayload } from '@manufacto/firmware-profiles';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { backoff, type LinkFactory, safeUrl } from './link.js';
import { deviceIdentity } from './tls-identity.js';

export const openMqttLink: LinkFactory = ({ machine, profile, handlers, gateway, backoffMs }) => {
  const plan = profile.mqtt;
  if (!plan) throw new Error(`profile ${profile.id} does not speak MQTT`);
  const device = {
    ...(machine.device ? { device: machine.device } : {}),
    ...(machine.power ? { power: machine.power } : {}),
  };
  const url = new URL(machine.url);
  if (!url.port) url.port = String(plan.defaultPort);
  const where = safeUrl(url.toString());
  const retry = backoff(backoffMs ?? 1000);
  let client: MqttClient | undefined;
  let refresh: NodeJS.Timeout | undefined;
  let stopped = false;

  const options: IClientOptions = {
    clientId: `manufacto-${gateway}-${machine.id}`.slice(0, 64),
    clean: true,
    reconnectPeriod: 0, // we reconnect ourselves, with backoff
    connectTimeout: 10_000,
    ...(machine.username !== undefined || plan.defaultUsername !== undefined
      ? { username: machine.username ?? plan.defaultUsername }
      : {}),
    ...(machine.password !== undefined ? { password: machine.password } : {}),
    ...(url.protocol === 'mqtts:'
      ? {
          rejectUnauthorized: machine.tls.trust !== 'any',
          ...(machine.ca !== undefined ? { ca: machine.ca } : {}),
          // A Bambu printer's own certificate in caFile is the check (it names its serial number,
          // not the address dialled); one a CA in caFile signed must carry tls.servername.
          ...(machine.ca !== undefined
            ? { checkServerIdentity: deviceIdentity(machine.ca, machine.tls.servername) }
            : {}),
        }
      : {}),
  };

  const send = (messages: readonly { topic: string; payload: string }[]) => {
    for (const m of messages) client?.publish(m.topic, m.payload, { qos: 1 });
  };

  const down = (reason: string) => {
    if (refresh) clearInterval(refresh);
    refresh = undefined;
    if (!stopped) handlers.onDown(reason);
  };

  const connect = () => {
    if (stopped) return;
    const c = mqtt.connect(url.toString(), options);
    client = c;
    c.on('connect', () => {
      retry.reset();
      c.subscribe([...plan.subscriptions(device)], { qos: 1 }, (error) => {
        if (error) handlers.log(`subscribe failed: ${error.message}`);
      });
      handlers.onUp();
      send(plan.onConnect(device));
      const every =
        machine.pollSeconds !== undefined ? machine.pollSeconds * 1000 : plan.refresh?.everyMs;
      if (plan.refresh && every) {
        const messages = plan.refresh.messages;
        refresh = setInterval(() => send(messages(device)), every);
        refresh.unref?.();
      }
    });
    c.on('message', (topic, payload) => {
      const source = plan.sourceOf(topic, device);
      if (source === null) return;
      handlers.onMessage({ source, payload: decodePayload(payload.toString('utf8')) });
    });
    let lastError: string | undefined;
    c.on('error', (error) => {
      lastError = error.message;
    });
    c.on('close', () => {
      const reason = `${where}: ${lastError ? `connection failed (${lastError})` : 'connection closed'}`;
      down(reason);
      c.end(true);
      if (stopped || client !== c) return;
      const timer = setTimeout(connect, retry.next());
      timer.unref?.();
    });
  };

  return {
    start: connect,
    switchRelay(on) {
      const request = profile.relay?.mqtt?.(on, device);
      if (!request)
        return Promise.reject(new Error(`profile ${profile.id} has no relay over MQTT`));
      const c = client;
      if (!c?.connected) return Promise.reject(new Error(`${where}: not connected`));
      return new Promise<void>((resolve, reject) =>
        c.publish(request.topic, request.payload, { qos: 1 }, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    },
    async stop() {
      stopped = true;
      if (refresh) clearInterval(refresh);
      const c = client;
      client = undefined;
      await new Promise<void>((resolve) => (c ? c.end(true, {}, () => resolve()) : resolve()));
    },
  };
};
