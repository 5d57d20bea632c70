/**
 * One MQTT connection attempt, no retries: resolves with the client, or rejects with the broker's
 * refusal (CONNACK code) or the TLS error — what the security tests assert on.
 * @module
 */
import mqtt from 'mqtt';

export function connectOnce(url: string, options: mqtt.IClientOptions): Promise<mqtt.MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { ...options, reconnectPeriod: 0, connectTimeout: 5000 });
    client.once('connect', () => resolve(client));
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
  });
}
