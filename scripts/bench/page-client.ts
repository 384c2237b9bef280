/**
 * The pull bench's HTTP/1.1 client: one keep-alive connection, one request at a time, a response read to its
 * last byte. 50 pullers in one process on the server's own two cores: with node:http each response cost the
 * generator about 0.35 ms of CPU (its parser, streams and agent), so a round of 50 pages spent 17 ms in the
 * generator, and that wait was counted as the server's. This reads the status line, the headers and a
 * `Content-Length` body, and nothing more, as load generators do (wrk, autocannon); anything it does not expect
 * (a chunked body, a closed connection) fails the bench instead of being guessed at.
 */
import { connect, type Socket } from 'node:net';

export interface PageResponse {
  status: number;
  /** Header names in lower case. */
  headers: Map<string, string>;
  /** The body as the socket delivered it; `Buffer.concat` them once the clock has stopped. */
  chunks: Buffer[];
}

const HEADER_END = Buffer.from('\r\n\r\n');

export class PageClient {
  readonly #socket: Socket;
  readonly #hostHeader: string;
  #pending: { resolve: (response: PageResponse) => void; reject: (error: Error) => void } | undefined;
  #head: Buffer = Buffer.alloc(0);
  #response: PageResponse | undefined;
  #remaining = 0;

  constructor(server: URL) {
    this.#hostHeader = server.host;
    this.#socket = connect({ host: server.hostname, port: Number(server.port), noDelay: true });
    this.#socket.on('data', (data) => this.#receive(data));
    this.#socket.on('error', (error) => this.#fail(error));
    this.#socket.on('close', () => this.#fail(new Error('the server closed the connection')));
  }

  get(path: string, headers: Record<string, string>): Promise<PageResponse> {
    if (this.#pending) return Promise.reject(new Error('one request at a time on a connection'));
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
      this.#socket.write(`GET ${path} HTTP/1.1\r\nhost: ${this.#hostHeader}\r\n${lines.join('')}\r\n`);
    });
  }

  close(): void {
    this.#socket.removeAllListeners('close');
    this.#socket.destroy();
  }

  #receive(data: Buffer) {
    if (!this.#response) {
      this.#head = this.#head.length > 0 ? Buffer.concat([this.#head, data]) : data;
      const end = this.#head.indexOf(HEADER_END);
      if (end < 0) return;
      const [statusLine = '', ...headerLines] = this.#head.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Map<string, string>();
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const length = Number(headers.get('content-length'));
      if (!Number.isInteger(length)) {
        this.#fail(new Error(`a response without a Content-Length: ${statusLine}`));
        return;
      }
      this.#response = { status: Number(statusLine.split(' ')[1]), headers, chunks: [] };
      this.#remaining = length;
      data = this.#head.subarray(end + HEADER_END.length);
      this.#head = Buffer.alloc(0);
    }
    if (data.length > this.#remaining) {
      this.#fail(new Error('the server sent more than the Content-Length it announced'));
      return;
    }
    if (data.length > 0) this.#response.chunks.push(data);
    this.#remaining -= data.length;
    if (this.#remaining > 0) return;
    const response = this.#response;
    const pending = this.#pending;
    this.#response = undefined;
    this.#pending = undefined;
    pending?.resolve(response);
  }

  #fail(error: Error) {
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.reject(error);
  }
}
