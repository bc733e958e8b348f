import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real https server on a loopback port with a self-signed certificate made for the test
 * (openssl), so code that fetches only over https can be tested against this machine. The
 * certificate names 127.0.0.1, ::1, localhost and any extra host names given.
 */
export interface TestHttpsServer {
  /** https://127.0.0.1:{port} */
  origin: string;
  port: number;
  /** The certificate, PEM: give it to the client as its trusted CA. */
  cert: string;
  close(): Promise<void>;
}

export function selfSignedCertificate(hostNames: string[] = []): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-tls-'));
  try {
    const names = ['IP:127.0.0.1', 'IP:::1', 'DNS:localhost', ...hostNames.map((h) => `DNS:${h}`)].join(',');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=hearth-test',
        '-addext', `subjectAltName=${names}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startHttpsServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: { hostNames?: string[]; host?: string } = {},
): Promise<TestHttpsServer> {
  const { key, cert } = selfSignedCertificate(options.hostNames);
  const server: Server = createServer({ key, cert }, handler);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    cert,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
